/**
 * Child output capture: {@link dev.jsupervisor.core.log.ProcessLog} writes a stream to files
 * (rotated exactly as supervisord does), the supervisor's stdout/stderr and syslog;
 * {@link dev.jsupervisor.core.log.LogFiles} reads files by offset as readLog/tailLog do.
 */
package dev.jsupervisor.core.log;
