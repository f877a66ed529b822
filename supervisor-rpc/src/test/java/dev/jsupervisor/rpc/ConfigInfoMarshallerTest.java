package dev.jsupervisor.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.LogTarget;
import dev.jsupervisor.core.ProcessInfo;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.ProcessState;
import dev.jsupervisor.core.Signal;
import dev.jsupervisor.core.SupervisorSnapshot;
import dev.jsupervisor.core.SupervisorState;
import dev.jsupervisor.core.WrittenConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class ConfigInfoMarshallerTest {
  private static final SupervisorSnapshot NOTHING_ACTIVE = new SupervisorSnapshot(SupervisorState.RUNNING, List.of(), List.of());

  /** A snapshot in which {@code g} is active and its one process writes {@code stdout} and {@code stderr}. */
  private static SupervisorSnapshot active(GroupSpec g, String stdout, String stderr) {
    ProcessInfo info = new ProcessInfo(g.nameOf(g.processes().get(0)), 0, 0, 0, ProcessState.STOPPED, "", 0, stdout,
        stderr, 0, 0, 0);
    return new SupervisorSnapshot(SupervisorState.RUNNING, List.of(g), List.of(info));
  }

  @Test
  void configInfo_defaults_everyFieldAsSupervisordReportsIt() {
    GroupSpec g = GroupSpec.single(ProcessSpec.builder("web", "/bin/sleep 30").build());
    Map<String, Object> m = ConfigInfoMarshaller.configInfo(List.of(g), active(g, "", "")).get(0);
    assertThat(m.keySet()).containsExactly("autostart", "directory", "uid", "command", "exitcodes", "group",
        "group_prio", "inuse", "killasgroup", "name", "process_prio", "redirect_stderr", "startretries", "startsecs",
        "stdout_capture_maxbytes", "stdout_events_enabled", "stdout_logfile", "stdout_logfile_backups",
        "stdout_logfile_maxbytes", "stdout_syslog", "stopsignal", "stopwaitsecs", "stderr_capture_maxbytes",
        "stderr_events_enabled", "stderr_logfile", "stderr_logfile_backups", "stderr_logfile_maxbytes",
        "stderr_syslog", "serverurl");
    assertThat(m).containsEntry("autostart", true).containsEntry("directory", "none").containsEntry("uid", "none")
        .containsEntry("command", "/bin/sleep 30").containsEntry("exitcodes", List.of(0))
        .containsEntry("group", "web").containsEntry("group_prio", 999).containsEntry("inuse", true)
        .containsEntry("killasgroup", false).containsEntry("name", "web").containsEntry("process_prio", 999)
        .containsEntry("redirect_stderr", false).containsEntry("startretries", 3).containsEntry("startsecs", 1)
        .containsEntry("stdout_capture_maxbytes", 0).containsEntry("stdout_events_enabled", false)
        .containsEntry("stdout_logfile", "auto").containsEntry("stdout_logfile_backups", 10)
        .containsEntry("stdout_logfile_maxbytes", 52428800).containsEntry("stdout_syslog", false)
        .containsEntry("stopsignal", 15).containsEntry("stopwaitsecs", 10).containsEntry("stderr_logfile", "auto")
        .containsEntry("serverurl", "none");
  }

  @Test
  void configInfo_explicitValues_pathsNumbersAndClamping() {
    ProcessSpec p = ProcessSpec.builder("w", "/bin/w").directory(Path.of("/srv")).user("0").exitcodes(Set.of(2, 0))
        .stopsignal(Signal.INT).startsecs(Duration.ofSeconds(5)).serverurl("http://x:1")
        .stdout(new LogSpec(List.of(new LogTarget.File(Path.of("/var/log/w.log"))), 3L << 31, 2, 0, true, true))
        .stderr(LogSpec.NONE).build();
    Map<String, Object> m = ConfigInfoMarshaller.configInfo(List.of(new GroupSpec("grp", 7, List.of(p))), NOTHING_ACTIVE).get(0);
    assertThat(m).containsEntry("directory", "/srv").containsEntry("uid", 0).containsEntry("exitcodes", List.of(0, 2))
        .containsEntry("stopsignal", 2).containsEntry("startsecs", 5).containsEntry("serverurl", "http://x:1")
        .containsEntry("stdout_logfile", "/var/log/w.log").containsEntry("stdout_logfile_maxbytes", Integer.MAX_VALUE)
        .containsEntry("stdout_events_enabled", true).containsEntry("stderr_logfile", "none")
        .containsEntry("group", "grp").containsEntry("group_prio", 7).containsEntry("inuse", false);
  }

  @Test
  void configInfo_manyGroups_sortedByProcessName() {
    GroupSpec z = GroupSpec.single(ProcessSpec.builder("zeta", "/z").build());
    GroupSpec g = new GroupSpec("grp", 1, List.of(ProcessSpec.builder("beta", "/b").build(),
        ProcessSpec.builder("alpha", "/a").priority(1000).build()));
    assertThat(ConfigInfoMarshaller.configInfo(List.of(z, g), NOTHING_ACTIVE))
        .extracting(m -> m.get("name")).containsExactly("alpha", "beta", "zeta");
  }

  @Test
  void configInfo_autoLogOfActiveProcess_isTheFileItWrites() {
    GroupSpec g = GroupSpec.single(ProcessSpec.builder("web", "/bin/sleep 30").build());
    Map<String, Object> m = ConfigInfoMarshaller.configInfo(List.of(g),
        active(g, "/logs/web-stdout---supervisor-ab_cd123.log", "/logs/web-stderr---supervisor-xyz12345.log")).get(0);
    assertThat(m).containsEntry("stdout_logfile", "/logs/web-stdout---supervisor-ab_cd123.log")
        .containsEntry("stderr_logfile", "/logs/web-stderr---supervisor-xyz12345.log").containsEntry("inuse", true);
  }

  @Test
  void configInfo_autoLogOfChangedOrInactiveConfig_isAuto() {
    GroupSpec running = GroupSpec.single(ProcessSpec.builder("web", "/bin/sleep 30").build());
    GroupSpec onDisk = GroupSpec.single(ProcessSpec.builder("web", "/bin/sleep 31").build());
    SupervisorSnapshot snap = active(running, "/logs/web-stdout---x-1.log", "/logs/web-stderr---x-2.log");
    Map<String, Object> changed = ConfigInfoMarshaller.configInfo(List.of(onDisk), snap).get(0);
    assertThat(changed).containsEntry("stdout_logfile", "auto").containsEntry("stderr_logfile", "auto")
        .containsEntry("inuse", true);
    Map<String, Object> inactive = ConfigInfoMarshaller.configInfo(List.of(running), NOTHING_ACTIVE).get(0);
    assertThat(inactive).containsEntry("stdout_logfile", "auto").containsEntry("inuse", false);
  }

  @Test
  void configInfo_writtenValues_reportedAsWritten() {
    ProcessSpec p = ProcessSpec.builder("w", "/bin/w").directory(Path.of("/srv/app/")).exitcodes(Set.of(0, 1, 2))
        .stdout(new LogSpec(List.of(new LogTarget.File(Path.of("/srv/log/w.log"))), 1, 1, 0, false, false))
        .stderr(LogSpec.NONE)
        .written(new WrittenConfig(Optional.of("/srv/app/"), Optional.of("/srv/app/../log/w.log"),
            Optional.of("/dev/null"), Optional.of(List.of(2, 0, 1, 2))))
        .build();
    Map<String, Object> m = ConfigInfoMarshaller.configInfo(List.of(GroupSpec.single(p)), NOTHING_ACTIVE).get(0);
    assertThat(m).containsEntry("directory", "/srv/app/").containsEntry("stdout_logfile", "/srv/app/../log/w.log")
        .containsEntry("stderr_logfile", "/dev/null").containsEntry("exitcodes", List.of(2, 0, 1, 2));
  }

  @Test
  void configInfo_redirectedStderr_isNone() {
    GroupSpec g = GroupSpec.single(ProcessSpec.builder("w", "/bin/w").redirectStderr(true).build());
    assertThat(ConfigInfoMarshaller.configInfo(List.of(g), NOTHING_ACTIVE).get(0))
        .containsEntry("stderr_logfile", "none").containsEntry("stdout_logfile", "auto");
  }

  @Test
  void logfile_syslogTarget_isNone() {
    LogSpec syslog = new LogSpec(List.of(LogTarget.Syslog.local()), 1, 1, 0, false, true);
    assertThat(ConfigInfoMarshaller.logfile(syslog)).isEqualTo("none");
  }

  @Test
  void uid_namedUser_resolvedFromPasswd() {
    assertThat(ConfigInfoMarshaller.uid(Optional.of("root"))).isEqualTo(0);
    assertThat(ConfigInfoMarshaller.uid(Optional.of("no-such-user-here"))).isEqualTo("none");
  }
}
