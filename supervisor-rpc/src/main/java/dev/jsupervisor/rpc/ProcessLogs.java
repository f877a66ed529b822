package dev.jsupervisor.rpc;

import dev.jsupervisor.core.Channel;
import dev.jsupervisor.core.ControlException;
import dev.jsupervisor.core.ProcessName;
import dev.jsupervisor.core.Supervisor;
import dev.jsupervisor.core.log.LogFiles;
import dev.jsupervisor.core.log.TailResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Log reads and clears behind the {@code read*Log}, {@code tail*Log} and {@code clearLog} methods,
 * with supervisord's fault texts: {@code NO_FILE} bare when no log is configured,
 * {@code NO_FILE: <path>} when it does not exist, bare {@code BAD_ARGUMENTS} / {@code FAILED} from
 * the read itself. Log bytes are decoded as UTF-8 (malformed sequences become U+FFFD) for the XML
 * string. Thread-safe; called on HTTP worker threads.
 */
final class ProcessLogs {
  private final Supervisor supervisor;
  private final DaemonControl daemon;

  ProcessLogs(Supervisor supervisor, DaemonControl daemon) {
    this.supervisor = supervisor;
    this.daemon = daemon;
  }

  String readMain(long offset, long length) throws FaultException {
    return read(existing(daemon.mainLogFile()), offset, length);
  }

  void clearMain() throws FaultException {
    Optional<Path> file = daemon.mainLogFile();
    if (file.isEmpty() || !Files.exists(file.get())) {
      throw new FaultException(Fault.NO_FILE);
    }
    try {
      daemon.clearMainLog();
    } catch (IOException e) {
      throw new FaultException(Fault.FAILED);
    }
  }

  String read(ProcessName name, Channel channel, long offset, long length) throws FaultException {
    return read(existing(logFile(name, channel)), offset, length);
  }

  /** {@code [text, offset, overflow]}; a missing log gives {@code ['', 0, false]} as in supervisord. */
  List<Object> tail(ProcessName name, Channel channel, long offset, long length) throws FaultException {
    Optional<Path> file = logFile(name, channel);
    if (file.isEmpty() || !Files.exists(file.get())) {
      return List.of("", 0, false);
    }
    TailResult t = LogFiles.tail(file.get(), offset, length);
    return List.of(text(t.bytes()), ProcessInfoMarshaller.cappedInt(t.offset()), t.overflow());
  }

  private Optional<Path> logFile(ProcessName name, Channel channel) throws FaultException {
    try {
      return supervisor.logFile(name, channel);
    } catch (ControlException e) {
      throw FaultMapper.toFault(e);
    }
  }

  private static Path existing(Optional<Path> file) throws FaultException {
    if (file.isEmpty()) {
      throw new FaultException(Fault.NO_FILE);
    }
    if (!Files.exists(file.get())) {
      throw new FaultException(Fault.NO_FILE, file.get().toString());
    }
    return file.get();
  }

  private static String read(Path file, long offset, long length) throws FaultException {
    // supervisord's readFile rules, checked here too so the fault never depends on the file.
    if ((offset < 0 && length != 0) || (offset >= 0 && length < 0)) {
      throw new FaultException(Fault.BAD_ARGUMENTS);
    }
    try {
      return text(LogFiles.read(file, offset, length));
    } catch (ControlException e) {
      switch (e.reason()) {
        case BAD_ARGUMENTS: return fail(Fault.BAD_ARGUMENTS);
        case FAILED: return fail(Fault.FAILED);
        default: throw FaultMapper.toFault(e);
      }
    }
  }

  private static String fail(Fault f) throws FaultException {
    throw new FaultException(f); // supervisord raises these without extra text
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
