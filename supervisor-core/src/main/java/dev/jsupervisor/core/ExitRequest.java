package dev.jsupervisor.core;

/**
 * A program's exit policy asks the embedder (the daemon) to shut everything down and exit.
 *
 * @param name the program's process
 * @param exitCode the status the daemon should exit with
 * @param reason why, as written to the activity log
 */
public record ExitRequest(ProcessName name, int exitCode, String reason) {}
