/**
 * supervisord's XML-RPC API (version 3.0) over the engine, without HTTP: {@link
 * dev.jsupervisor.rpc.RpcDispatcher} takes a request body and returns a future of the response body,
 * which completes when the engine's future does (no thread waits for a slow start). Requests are
 * parsed defensively (no DOCTYPE, no extensions, size and depth caps); responses have the layout of
 * Python's xmlrpc.client; method names, structs, fault codes and fault strings are supervisord
 * 4.2.5's. Every class is safe to use from concurrent HTTP worker threads.
 */
package dev.jsupervisor.rpc;
