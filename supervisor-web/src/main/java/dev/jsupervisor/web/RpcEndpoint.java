package dev.jsupervisor.web;

import dev.jsupervisor.rpc.RpcDispatcher;
import dev.jsupervisor.rpc.RpcDispatcher.MalformedRequestException;

/**
 * The XML-RPC call behind {@code /RPC2}: {@code RpcDispatcher::parse} in production, a fake in
 * tests. {@link #parse} is called on the I/O thread for small bodies (on a worker for large ones)
 * and only computes; the call's {@code run()} is called on the I/O thread unless the call {@code
 * mayBlock()}, and must not block otherwise: its future completes with the response body (never
 * exceptionally) when the call has its answer. A future that is not complete at once must be
 * completed on a thread that may write the answer out (the dispatcher's reply thread), not on the
 * engine's loop thread.
 */
@FunctionalInterface
interface RpcEndpoint {
  RpcDispatcher.Call parse(byte[] requestBody) throws MalformedRequestException;
}
