/**
 * The JSON REST API the web UI uses (and scripts written for the Go port's routes): one small
 * Undertow {@code HttpHandler} per resource, registered by {@link dev.jsupervisor.web.rest.RestApi}.
 * Handlers read {@code Supervisor.snapshot()} without blocking and never block an I/O thread on an
 * engine future: they complete the exchange from the future's callback.
 */
package dev.jsupervisor.web.rest;
