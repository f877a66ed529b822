package dev.jsupervisor.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.LogSpec;
import dev.jsupervisor.core.LogTarget;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class ConfigInfoMarshallerTest {

  @Test
  void configInfo_defaults_everyFieldAsSupervisordReportsIt() {
    GroupSpec g = GroupSpec.single(ProcessSpec.builder("web", "/bin/sleep 30").build());
    Map<String, Object> m = ConfigInfoMarshaller.configInfo(List.of(g), Set.of("web")).get(0);
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
        .containsEntry("serverurl", "auto");
  }

  @Test
  void configInfo_explicitValues_pathsNumbersAndClamping() {
    ProcessSpec p = ProcessSpec.builder("w", "/bin/w").directory(Path.of("/srv")).user("0").exitcodes(Set.of(2, 0))
        .stopsignal(Signal.INT).startsecs(Duration.ofSeconds(5)).serverurl("http://x:1")
        .stdout(new LogSpec(List.of(new LogTarget.File(Path.of("/var/log/w.log"))), 3L << 31, 2, 0, true, true))
        .stderr(LogSpec.NONE).build();
    Map<String, Object> m = ConfigInfoMarshaller.configInfo(List.of(new GroupSpec("grp", 7, List.of(p))), Set.of()).get(0);
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
    assertThat(ConfigInfoMarshaller.configInfo(List.of(z, g), Set.of()))
        .extracting(m -> m.get("name")).containsExactly("alpha", "beta", "zeta");
  }

  @Test
  void uid_namedUser_resolvedFromPasswd() {
    assertThat(ConfigInfoMarshaller.uid(Optional.of("root"))).isEqualTo(0);
    assertThat(ConfigInfoMarshaller.uid(Optional.of("no-such-user-here"))).isEqualTo("none");
  }
}
