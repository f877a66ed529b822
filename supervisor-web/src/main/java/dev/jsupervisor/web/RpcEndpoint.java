package dev.jsupervisor.web;

import dev.jsupervisor.rpc.RpcDispatcher.MalformedRequestException;
import java.util.concurrent.CompletableFuture;

/**
 * The XML-RPC call behind {@code /RPC2}: {@code RpcDispatcher::dispatch} in production, a fake in
 * tests. Called on a worker thread; must not block: the future completes with the response body
 * (never exceptionally) when the call has its answer. A future that is not complete at once must
 * be completed on a thread that may write the answer out (the dispatcher's reply thread), not on
 * the engine's loop thread.
 */
@FunctionalInterface
interface RpcEndpoint {
  CompletableFuture<byte[]> handle(byte[] requestBody) throws MalformedRequestException;
}
