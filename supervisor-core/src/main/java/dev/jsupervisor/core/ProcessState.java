package dev.jsupervisor.core;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The states of a supervised process, with supervisord's numeric codes and its legal transitions.
 *
 * <p>The states form a cycle, so enum order says nothing about legality; {@link #canTransitionTo}
 * consults one table, taken from supervisord 4.2's {@code process.py}.
 */
public enum ProcessState {
  STOPPED(0),
  STARTING(10),
  RUNNING(20),
  BACKOFF(30),
  STOPPING(40),
  EXITED(100),
  FATAL(200),
  UNKNOWN(1000);

  private static final Map<ProcessState, Set<ProcessState>> LEGAL = new EnumMap<>(ProcessState.class);

  static {
    // STOPPED/EXITED -> FATAL only with the opt-in restart limit (HealthSpec.RestartLimit)
    LEGAL.put(STOPPED, EnumSet.of(STARTING, FATAL));
    LEGAL.put(STARTING, EnumSet.of(RUNNING, BACKOFF, STOPPING, UNKNOWN));
    LEGAL.put(RUNNING, EnumSet.of(EXITED, STOPPING, UNKNOWN));
    LEGAL.put(BACKOFF, EnumSet.of(STARTING, FATAL, STOPPED));
    LEGAL.put(STOPPING, EnumSet.of(STOPPED, UNKNOWN));
    LEGAL.put(EXITED, EnumSet.of(STARTING, FATAL));
    LEGAL.put(FATAL, EnumSet.of(STARTING));
    LEGAL.put(UNKNOWN, EnumSet.noneOf(ProcessState.class));
  }

  private final int code;

  ProcessState(int code) {
    this.code = code;
  }

  /** supervisord's numeric state code, as sent over XML-RPC ({@code state}). */
  public int code() {
    return code;
  }

  /** STARTING, RUNNING or BACKOFF: a start request is refused with ALREADY_STARTED, a stop is accepted. */
  public boolean isRunning() {
    return this == STARTING || this == RUNNING || this == BACKOFF;
  }

  /** STOPPED, EXITED, FATAL or UNKNOWN: the process is not alive and its group may be removed. */
  public boolean isStopped() {
    return this == STOPPED || this == EXITED || this == FATAL || this == UNKNOWN;
  }

  /** RUNNING, STARTING or STOPPING: there is a live pid that can receive a signal. */
  public boolean isSignallable() {
    return this == RUNNING || this == STARTING || this == STOPPING;
  }

  /** Whether supervisord allows a change from this state to {@code next}. */
  public boolean canTransitionTo(ProcessState next) {
    return LEGAL.get(this).contains(next);
  }

  /** The state with supervisord code {@code code}; throws IllegalArgumentException for unknown codes. */
  public static ProcessState ofCode(int code) {
    for (ProcessState s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("no process state has code " + code);
  }
}
