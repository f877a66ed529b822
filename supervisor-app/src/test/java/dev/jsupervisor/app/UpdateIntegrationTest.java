package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.ctl.SupervisorCtl;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * update that restarts only what changed ({@code update_grain = process}), with real programs: our
 * daemon driven by our supervisorctl (dry run, per-process update, numprocs up and down) and by
 * Debian's, whose update keeps supervisord's whole-group behaviour.
 */
@Tag("integration")
final class UpdateIntegrationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Pattern STATUS = Pattern.compile("(?m)^(\\S+)\\s+(\\S+)\\s+(?:pid (\\d+))?");

  @TempDir Path dir;

  private static String programs(String bCommand, int webProcs, String dbCommand) {
    return String.join("\n",
        "[group:svc]",
        "programs=a,b",
        "[program:a]",
        "command=/bin/sleep 1000",
        "startsecs=0",
        "[program:b]",
        "command=" + bCommand,
        "startsecs=0",
        "[program:web]",
        "command=/bin/sleep 1002",
        "numprocs=" + webProcs,
        "process_name=%(program_name)s_%(process_num)02d",
        "startsecs=0",
        "[program:db]",
        "command=" + dbCommand,
        "startsecs=0",
        "");
  }

  private void write(String programs) throws Exception {
    Path conf = DaemonProcess.writeConfig(dir, programs);
    Files.writeString(conf, Files.readString(conf).replace("nodaemon=true\n", "nodaemon=true\nupdate_grain=process\n"));
  }

  /** Our supervisorctl, in this JVM. */
  private String ours(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "-s";
    all[1] = "unix://" + dir.resolve("supervisor.sock");
    System.arraycopy(args, 0, all, 2, args.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
    SupervisorCtl.run(all, ps, ps, new ByteArrayInputStream(new byte[0]));
    return out.toString(StandardCharsets.UTF_8);
  }

  /** name → pid ("" when not RUNNING), from our {@code supervisorctl status} (in this JVM: fast). */
  private Map<String, String> pids(DaemonProcess d) {
    Map<String, String> out = new TreeMap<>();
    Matcher m = STATUS.matcher(ours("status"));
    while (m.find()) {
      out.put(m.group(1), m.group(2).equals("RUNNING") && m.group(3) != null ? m.group(3) : "");
    }
    return out;
  }

  private void awaitRunning(DaemonProcess d, String... names) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Map<String, String> now = pids(d);
    while (!java.util.Arrays.stream(names).allMatch(n -> !now.getOrDefault(n, "").isEmpty())) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not all RUNNING: " + String.join(" ", names) + "; status: " + now);
      }
      Thread.sleep(50);
      now.clear();
      now.putAll(pids(d));
    }
  }

  @Test
  @Timeout(120)
  void dryRun_thenUpdate_restartsOnlyWhatChanged_numprocsUpAndDown_andPythonsClientStillWorks() throws Exception {
    write(programs("/bin/sleep 1001", 3, "/bin/sleep 1003"));
    try (DaemonProcess d = DaemonProcess.java(dir, dir.resolve("supervisord.conf"))) {
      awaitRunning(d, "svc:a", "svc:b", "web:web_00", "web:web_01", "web:web_02", "db");
      Map<String, String> before = pids(d);

      // svc:b's command changes, web goes to numprocs 4; svc:a and db do not change
      write(programs("/bin/sleep 1011", 4, "/bin/sleep 1003"));
      String plan = ours("update", "--dry-run");
      assertThat(plan).isEqualTo(String.join("\n",
          "update plan (update_grain = process; dry run, nothing was changed):",
          "added:     (none)",
          "removed:   (none)",
          "changed:   svc",
          "  restart   svc:b (command changed)",
          "  keep      svc:a",
          "changed:   web",
          "  add       web:web_03",
          "  keep      web:web_00",
          "  keep      web:web_01",
          "  keep      web:web_02",
          "unchanged: db",
          ""));
      assertThat(pids(d)).isEqualTo(before);
      assertThat(d.ctl("avail").output()).doesNotContain("web:web_03"); // the dry run kept no config

      String update = ours("update");
      assertThat(update).isEqualTo(String.join("\n",
          "svc:b: restarted (command changed)",
          "svc: updated process group (1 restarted, 0 added, 0 removed, 1 unchanged)",
          "web:web_03: added",
          "web: updated process group (0 restarted, 1 added, 0 removed, 3 unchanged)",
          ""));
      awaitRunning(d, "svc:b", "web:web_03");
      Map<String, String> after = pids(d);
      for (String same : new String[] {"svc:a", "web:web_00", "web:web_01", "web:web_02", "db"}) {
        assertThat(after.get(same)).as(same).isEqualTo(before.get(same));
      }
      assertThat(after.get("svc:b")).isNotEqualTo(before.get("svc:b")).isNotEmpty();
      assertThat(after.get("web:web_03")).isNotEmpty();

      // numprocs down: only the surplus goes
      write(programs("/bin/sleep 1011", 2, "/bin/sleep 1003"));
      assertThat(ours("update")).isEqualTo(String.join("\n",
          "web:web_02: removed",
          "web:web_03: removed",
          "web: updated process group (0 restarted, 0 added, 2 removed, 2 unchanged)",
          ""));
      Map<String, String> down = pids(d);
      assertThat(down.keySet()).doesNotContain("web:web_02", "web:web_03");
      assertThat(down.get("web:web_00")).isEqualTo(before.get("web:web_00"));
      assertThat(down.get("web:web_01")).isEqualTo(before.get("web:web_01"));
      assertThat(down.get("svc:b")).isEqualTo(after.get("svc:b"));

      // Debian's supervisorctl: supervisord's update, whole groups (it stops the group first)
      write(programs("/bin/sleep 1021", 2, "/bin/sleep 1023"));
      DaemonProcess.CtlResult py = d.ctl("update");
      assertThat(py.exitCode()).isZero();
      assertThat(py.output()).isEqualTo("db: stopped\ndb: updated process group\n"
          + "svc: stopped\nsvc: updated process group\n");
      awaitRunning(d, "svc:a", "svc:b", "db");
      Map<String, String> python = pids(d);
      assertThat(python.get("svc:a")).isNotEqualTo(down.get("svc:a"));
      assertThat(python.get("db")).isNotEqualTo(down.get("db"));
      assertThat(python.get("web:web_00")).isEqualTo(before.get("web:web_00"));
    }
  }
}
