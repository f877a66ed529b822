package dev.jsupervisor.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.config.ConfigLoader;
import dev.jsupervisor.config.SupervisordConf;
import dev.jsupervisor.core.LogFormatSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class StripAnsiOptionTest {
  @TempDir Path dir;

  @Test
  void dashT_turnsStripAnsiOnForEveryProcess_andKeepsTheRest() throws Exception {
    Path conf = dir.resolve("c.conf");
    Files.writeString(conf, "[supervisord]\nlogfile=" + dir.resolve("s.log") + "\nchildlogdir=" + dir + "\n"
        + "[program:a]\ncommand=/bin/cat\nlog_format=json\nnumprocs=2\nprocess_name=%(program_name)s_%(process_num)d\n"
        + "[program:b]\ncommand=/bin/cat\n");
    SupervisordConf loaded = ConfigLoader.load(conf);
    assertThat(StripAnsiOption.apply(loaded, false)).isSameAs(loaded);
    SupervisordConf on = StripAnsiOption.apply(loaded, true);
    assertThat(on.groups()).flatExtracting(g -> g.processes()).hasSize(3)
        .allSatisfy(p -> assertThat(p.logFormat().stripAnsi()).isTrue());
    assertThat(on.group("a").orElseThrow().processes().get(0).logFormat().stdout().format()).isEqualTo(LogFormatSpec.Format.JSON);
    assertThat(on.group("a").orElseThrow().processes().get(0).toBuilder().logFormat(loaded.group("a").orElseThrow()
        .processes().get(0).logFormat()).build()).isEqualTo(loaded.group("a").orElseThrow().processes().get(0));
    assertThat(on.supervisord()).isEqualTo(loaded.supervisord());
  }
}
