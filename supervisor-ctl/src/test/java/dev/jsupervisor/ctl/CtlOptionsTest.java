package dev.jsupervisor.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CtlOptionsTest {
  @TempDir Path dir;

  private Path conf(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void serverurl_dashSBeatsConfig() throws Exception {
    Path c = conf("a.conf", "[supervisorctl]\nserverurl=http://a:1\nusername=u\npassword=p\n");
    CtlOptions o = CtlOptions.parse(
        new String[] {"-c", c.toString(), "-s", "http://b:2", "status"}, List.of(), Map.of());
    assertThat(o.serverurl).isEqualTo("http://b:2");
    assertThat(o.username).isEqualTo("u");
    assertThat(o.password).isEqualTo("p");
    assertThat(o.args).containsExactly("status");
    assertThat(o.interactive).isFalse();
  }

  @Test
  void serverurl_dashCBeatsAutodetected() throws Exception {
    Path c = conf("a.conf", "[supervisorctl]\nserverurl=http://a:1\n");
    Path auto = conf("auto.conf", "[supervisorctl]\nserverurl=http://auto:1\n");
    CtlOptions o = CtlOptions.parse(new String[] {"-c", c.toString()}, List.of(auto), Map.of());
    assertThat(o.serverurl).isEqualTo("http://a:1");
    assertThat(o.interactive).isTrue();
  }

  @Test
  void serverurl_autodetectedFirstExistingFile_thenDefault() throws Exception {
    Path auto = conf("auto.conf", "[supervisorctl]\nserverurl=unix://%(here)s/x/../s.sock ; c\n"
        + "username = %(ENV_WHO)s\n");
    CtlOptions o = CtlOptions.parse(new String[] {"status"},
        List.of(dir.resolve("missing.conf"), auto), Map.of("WHO", "me"));
    assertThat(o.serverurl).isEqualTo("unix://" + dir.resolve("s.sock"));
    assertThat(o.username).isEqualTo("me");
    CtlOptions none = CtlOptions.parse(new String[] {"status"}, List.of(dir.resolve("no")), Map.of());
    assertThat(none.serverurl).isEqualTo("http://localhost:9001");
    assertThat(none.username).isNull();
  }

  @Test
  void parse_optionsStopAtFirstOperand() throws Exception {
    CtlOptions o = CtlOptions.parse(new String[] {"-shttp://x:1", "tail", "-f", "-s"}, List.of(), Map.of());
    assertThat(o.serverurl).isEqualTo("http://x:1");
    assertThat(o.args).containsExactly("tail", "-f", "-s");
  }

  @Test
  void parse_badInput_usageErrorsWithGetoptWording() throws Exception {
    Path noSection = conf("n.conf", "[supervisord]\n");
    assertThatThrownBy(() -> CtlOptions.parse(new String[] {"-x"}, List.of(), Map.of()))
        .hasMessage("option -x not recognized");
    assertThatThrownBy(() -> CtlOptions.parse(new String[] {"--serverurl"}, List.of(), Map.of()))
        .hasMessage("option --serverurl requires argument");
    assertThatThrownBy(() -> CtlOptions.parse(new String[] {"-s", "foo"}, List.of(), Map.of()))
        .hasMessage("invalid value for -s 'foo': value 'foo' is not a URL");
    assertThatThrownBy(() -> CtlOptions.parse(new String[] {"-s", "http://a", "-s", "http://b"},
        List.of(), Map.of())).hasMessage("conflicting command line option '-s'");
    assertThatThrownBy(() -> CtlOptions.parse(new String[] {"-c", noSection.toString()}, List.of(), Map.of()))
        .hasMessage(".ini file does not include supervisorctl section");
    assertThatThrownBy(() -> CtlOptions.parse(new String[] {"-c", dir.resolve("x").toString()},
        List.of(), Map.of())).hasMessage("could not find config file " + dir.resolve("x"));
  }

  @Test
  void serverUrl_httpAndUnix_parsed() {
    ServerUrl h = ServerUrl.parse("http://127.0.0.1:9001/RPC2");
    assertThat(h.host()).isEqualTo("127.0.0.1");
    assertThat(h.port()).isEqualTo(9001);
    assertThat(h.netloc()).isEqualTo("127.0.0.1:9001");
    assertThat(ServerUrl.parse("http://localhost").port()).isEqualTo(80);
    assertThat(ServerUrl.parse("unix:///tmp/s.sock").unixPath()).isEqualTo("/tmp/s.sock");
    assertThatThrownBy(() -> ServerUrl.parse("https://x"))
        .hasMessage("Unknown protocol for serverurl https://x");
  }
}
