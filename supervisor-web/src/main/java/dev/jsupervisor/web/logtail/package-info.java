/**
 * supervisord's streaming log endpoints {@code GET /logtail/<namespec>[/stdout|stderr]} and {@code
 * GET /mainlogtail}, which {@code supervisorctl tail -f} and {@code maintail -f} read: the last 1024
 * bytes, then whatever is appended, polled every 0.1 s on the IO thread without holding a worker.
 */
package dev.jsupervisor.web.logtail;
