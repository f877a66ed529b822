package dev.jsupervisor.app;

import dev.jsupervisor.core.LogLevel;
import dev.jsupervisor.core.SystemdNotifier;
import java.io.IOException;
import java.util.Map;

/**
 * The daemon's sd_notify to systemd ({@code Type=notify}): READY=1 and MAINPID when start-up has
 * settled, RELOADING=1 at a reload, STOPPING=1 at shutdown. Does nothing when NOTIFY_SOCKET is
 * unset; a failed send is logged and never stops the daemon. Any thread (sends are serialised).
 */
final class DaemonNotify {
  private final SystemdNotifier notifier;
  private final MainLog log;
  private boolean stopping;

  private DaemonNotify(SystemdNotifier notifier, MainLog log) {
    this.notifier = notifier;
    this.log = log;
  }

  /** From the daemon's environment; a bad NOTIFY_SOCKET is logged and notifications are off. */
  static DaemonNotify fromEnvironment(Map<String, String> env, MainLog log) {
    try {
      return new DaemonNotify(SystemdNotifier.fromEnvironment(env).orElse(null), log);
    } catch (IOException e) {
      log.log(LogLevel.ERRO, "sd_notify is off: " + e.getMessage());
      return new DaemonNotify(null, log);
    }
  }

  /** Start-up (or a reload) has settled; ignored once stopping. */
  synchronized void ready(long pid) {
    if (!stopping) {
      send("READY=1\nSTATUS=autostart programs are up\nMAINPID=" + pid);
    }
  }

  synchronized void reloading() {
    send("RELOADING=1");
  }

  synchronized void stopping() {
    stopping = true;
    send("STOPPING=1");
  }

  private void send(String state) {
    if (notifier == null) {
      return;
    }
    try {
      notifier.send(state);
    } catch (IOException e) {
      log.log(LogLevel.WARN, "sd_notify to " + notifier.address() + " failed: " + e.getMessage());
    }
  }
}
