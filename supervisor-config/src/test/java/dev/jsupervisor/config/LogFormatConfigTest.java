package dev.jsupervisor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsupervisor.core.LogFormatSpec;
import dev.jsupervisor.core.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class LogFormatConfigTest {
  @TempDir Path cwd;

  private SupervisordConf load(String text) throws Exception {
    Files.writeString(cwd.resolve("c.conf"), text);
    return Fixtures.loader(cwd).read(Path.of("c.conf"));
  }

  private static ProcessSpec only(SupervisordConf conf) {
    return conf.groups().get(0).processes().get(0);
  }

  @Test
  void defaults_areSupervisordsRawBytes() throws Exception {
    SupervisordConf conf = load("[supervisord]\n[program:a]\ncommand=/bin/cat\n");
    assertThat(only(conf).logFormat()).isEqualTo(LogFormatSpec.RAW);
    assertThat(conf.supervisord().logFormat()).isEqualTo(LogFormatSpec.RAW);
  }

  @Test
  void programKeys_andTheGlobalStripAnsi() throws Exception {
    SupervisordConf conf = load("[supervisord]\nstrip_ansi=true\nlog_format=json\nlog_rotate=daily\n"
        + "[program:a]\ncommand=/bin/cat\nlog_format=timestamped\nlog_timestamp_format=HH:mm:ss.SSS\n"
        + "log_line_maxbytes=4KB\nlog_rotate=30 2 * * *\nlog_rotate_gzip=true\n"
        + "[program:b]\ncommand=/bin/cat\nlog_format=JSON\n");
    assertThat(only(conf).logFormat()).isEqualTo(new LogFormatSpec(true, LogFormatSpec.Format.TIMESTAMPED,
        "HH:mm:ss.SSS", 4096, "30 2 * * *", true));
    assertThat(conf.group("b").orElseThrow().processes().get(0).logFormat())
        .isEqualTo(new LogFormatSpec(true, LogFormatSpec.Format.JSON, "", 16384, "", false));
    assertThat(conf.supervisord().logFormat().stdout().format()).isEqualTo(LogFormatSpec.Format.JSON);
    assertThat(conf.supervisord().logFormat().rotateSchedule()).isEqualTo("daily");
  }

  @Test
  void programDefaultSection_appliesToo() throws Exception {
    SupervisordConf conf = load("[supervisord]\n[program-default]\nlog_format=json\n[program:a]\ncommand=/bin/cat\n");
    assertThat(only(conf).logFormat().stdout().format()).isEqualTo(LogFormatSpec.Format.JSON);
  }

  @Test
  void badValues_nameFileSectionKeyAndValue() {
    assertThatThrownBy(() -> load("[supervisord]\n[program:a]\ncommand=/bin/cat\nlog_format=xml\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not a log format: 'xml'").hasMessageContaining("section 'program:a'")
        .hasMessageContaining("c.conf");
    assertThatThrownBy(() -> load("[supervisord]\n[program:a]\ncommand=/bin/cat\nlog_rotate=25 * * * * *\n"))
        .hasMessageContaining("not a rotation schedule: '25 * * * * *'");
    assertThatThrownBy(() -> load("[supervisord]\n[program:a]\ncommand=/bin/cat\nlog_rotate=0 24 * * *\n"))
        .hasMessageContaining("hour 24 is not in 0..23");
    assertThatThrownBy(() -> load("[supervisord]\n[program:a]\ncommand=/bin/cat\nlog_timestamp_format=yyyy-bb\n"))
        .hasMessageContaining("not a timestamp pattern: 'yyyy-bb'");
    assertThatThrownBy(() -> load("[supervisord]\n[program:a]\ncommand=/bin/cat\nlog_line_maxbytes=10\n"))
        .hasMessageContaining("log_line_maxbytes must be between 64 and 64MB but was 10");
    assertThatThrownBy(() -> load("[supervisord]\nlog_rotate_gzip=perhaps\n"))
        .hasMessageContaining("not a valid boolean value: 'perhaps'");
  }

  @Test
  void badValue_problemCarriesTheKey() {
    assertThatThrownBy(() -> load("[supervisord]\n[program:a]\ncommand=/bin/cat\nlog_format=xml\n"))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p.key()).isEqualTo("log_format")));
  }

  @Test
  void channelKeys_overrideTheSharedOnesPerChannel() throws Exception {
    SupervisordConf conf = load("[supervisord]\n[program:a]\ncommand=/bin/cat\nlog_format=timestamped\n"
        + "log_timestamp_format=HH:mm:ss\nlog_line_maxbytes=1KB\n"
        + "stderr_log_format=json\nstderr_log_timestamp_format=\nstdout_log_line_maxbytes=2KB\n"
        + "log_rotate=hourly\n");
    LogFormatSpec spec = only(conf).logFormat();
    assertThat(spec.stdout()).isEqualTo(new LogFormatSpec.Lines(LogFormatSpec.Format.TIMESTAMPED, "HH:mm:ss", 2048));
    assertThat(spec.stderr()).isEqualTo(new LogFormatSpec.Lines(LogFormatSpec.Format.JSON, "", 1024));
    assertThat(spec.lines("stderr")).isSameAs(spec.stderr());
    assertThat(spec.lines("stdout")).isSameAs(spec.stdout());
    assertThat(spec.rotateSchedule()).isEqualTo("hourly");
  }

  @Test
  void channelKeys_alone_leaveTheOtherChannelRaw() throws Exception {
    SupervisordConf conf = load("[supervisord]\n[program:a]\ncommand=/bin/cat\nstdout_log_format=json\n");
    LogFormatSpec spec = only(conf).logFormat();
    assertThat(spec.stdout().format()).isEqualTo(LogFormatSpec.Format.JSON);
    assertThat(spec.stderr()).isEqualTo(LogFormatSpec.Lines.RAW);
  }

  @Test
  void channelKeys_inProgramDefault_andInEventListeners() throws Exception {
    SupervisordConf conf = load("[supervisord]\n[program-default]\nstderr_log_format=timestamped\n"
        + "[program:a]\ncommand=/bin/cat\nlog_format=json\n"
        + "[eventlistener:l]\ncommand=/bin/cat\nevents=TICK_5\nstdout_log_format=json\n");
    LogFormatSpec a = conf.group("a").orElseThrow().processes().get(0).logFormat();
    assertThat(a.stdout().format()).isEqualTo(LogFormatSpec.Format.JSON);
    assertThat(a.stderr().format()).isEqualTo(LogFormatSpec.Format.TIMESTAMPED); // a channel key wins wherever set
    LogFormatSpec l = conf.group("l").orElseThrow().processes().get(0).logFormat();
    assertThat(l.stdout().format()).isEqualTo(LogFormatSpec.Format.JSON);
    assertThat(l.stderr()).isEqualTo(LogFormatSpec.Lines.RAW); // [program-default] is not for listeners
  }

  @Test
  void channelKeys_inSupervisordSection_areIgnoredAsPythonIgnoresThem() throws Exception {
    SupervisordConf conf = load("[supervisord]\nlog_format=json\nstdout_log_format=xml\n");
    assertThat(conf.supervisord().logFormat()).isEqualTo(new LogFormatSpec(false, LogFormatSpec.Format.JSON, "",
        LogFormatSpec.DEFAULT_MAX_LINE_BYTES, "", false));
  }

  @Test
  void badChannelValues_nameFileSectionKeyAndValue() {
    assertThatThrownBy(() -> load("[supervisord]\n[program:a]\ncommand=/bin/cat\nstderr_log_format=xml\n"))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p.key()).isEqualTo("stderr_log_format")))
        .hasMessageContaining("not a log format: 'xml'").hasMessageContaining("section 'program:a'")
        .hasMessageContaining("c.conf");
    assertThatThrownBy(() -> load("[supervisord]\n[program:a]\ncommand=/bin/cat\nstdout_log_timestamp_format=yyyy-bb\n"))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p.key()).isEqualTo("stdout_log_timestamp_format")))
        .hasMessageContaining("not a timestamp pattern: 'yyyy-bb'");
    assertThatThrownBy(() -> load("[supervisord]\n[program:a]\ncommand=/bin/cat\nstderr_log_line_maxbytes=10\n"))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p.key()).isEqualTo("stderr_log_line_maxbytes")))
        .hasMessageContaining("stderr_log_line_maxbytes must be between 64 and 64MB but was 10");
  }
}
