package dev.jsupervisor.web.logtail;

import dev.jsupervisor.core.Channel;
import dev.jsupervisor.core.ControlException;
import dev.jsupervisor.core.ProcessName;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a process's log of one channel is: {@code Supervisor::logFile} in the daemon, a fake in
 * tests. Called on a worker thread.
 */
@FunctionalInterface
public interface LogLocator {

  /**
   * The log file of {@code name}'s {@code channel}, empty when none is configured.
   *
   * @throws ControlException BAD_NAME (or any other reason) when there is no such process; answered
   *     with 404
   */
  Optional<Path> logFile(ProcessName name, Channel channel) throws ControlException;
}
