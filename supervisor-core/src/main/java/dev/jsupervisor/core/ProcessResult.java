package dev.jsupervisor.core;

import java.util.Optional;

/**
 * The outcome for one process of a group or all-process command (supervisord's result struct).
 *
 * @param name the process
 * @param failure empty on success, else the reason it failed for this process
 */
public record ProcessResult(ProcessName name, Optional<ControlException> failure) {

  public static ProcessResult ok(ProcessName name) {
    return new ProcessResult(name, Optional.empty());
  }

  public static ProcessResult failed(ProcessName name, ControlException e) {
    return new ProcessResult(name, Optional.of(e));
  }

  public boolean isOk() {
    return failure.isEmpty();
  }
}
