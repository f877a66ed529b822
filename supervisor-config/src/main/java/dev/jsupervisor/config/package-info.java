/**
 * Reads a supervisord.conf (Python supervisord 4.2 dialect plus the Go seed's extras) into the core's
 * {@link dev.jsupervisor.core.ProcessSpec}/{@link dev.jsupervisor.core.GroupSpec} and the daemon's
 * section records. Entry point: {@link dev.jsupervisor.config.ConfigLoader#load(java.nio.file.Path)}.
 * A bad file never half-loads: {@link dev.jsupervisor.config.ConfigException} carries every problem.
 */
package dev.jsupervisor.config;
