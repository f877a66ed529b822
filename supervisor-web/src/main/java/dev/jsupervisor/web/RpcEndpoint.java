package dev.jsupervisor.web;

import dev.jsupervisor.rpc.RpcDispatcher.MalformedRequestException;

/**
 * The XML-RPC call behind {@code /RPC2}: {@code RpcDispatcher::handle} in production, a fake in
 * tests. Called on a worker thread, which it may block.
 */
@FunctionalInterface
interface RpcEndpoint {
  byte[] handle(byte[] requestBody) throws MalformedRequestException;
}
