package dev.jsupervisor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The fleet keys of {@code [inet_http_server]}: the Go port's nodename/remotes and our remote credentials. */
final class FleetConfigTest {
  @TempDir Path cwd;

  private SupervisordConf load(String inet) throws Exception {
    Files.writeString(cwd.resolve("c.conf"), "[supervisord]\n[inet_http_server]\nport=127.0.0.1:9001\n" + inet);
    return Fixtures.loader(cwd).read(Path.of("c.conf"));
  }

  @Test
  void load_noFleetKeys_isNone() throws Exception {
    assertThat(load("").inetHttpServers().get(0).fleet()).isEqualTo(FleetSpec.NONE);
  }

  @Test
  void load_goPortSyntaxAndUrlsAndCredentials() throws Exception {
    FleetSpec fleet = load("nodename = hub\nremotes = web1:10.0.0.5:9001, web2:https://w2.example:9443\n"
        + "remote_timeout = 1.5\nremote_web2_username = ops\nremote_web2_password = %(ENV_HOME)s\n")
        .inetHttpServers().get(0).fleet();
    assertThat(fleet.nodename()).contains("hub");
    assertThat(fleet.timeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(fleet.remotes()).containsExactly(
        new FleetSpec.Remote("web1", URI.create("http://10.0.0.5:9001"), Optional.empty(), Optional.empty()),
        new FleetSpec.Remote("web2", URI.create("https://w2.example:9443"), Optional.of("ops"),
            Optional.of("/home/tester")));
    assertThat(fleet.remotes().get(1).toString()).doesNotContain("/home/tester");
  }

  @Test
  void load_ipv6Remote() throws Exception {
    FleetSpec fleet = load("remotes = v6:[::1]:9001\n").inetHttpServers().get(0).fleet();
    assertThat(fleet.remotes().get(0).url()).isEqualTo(URI.create("http://[::1]:9001"));
    assertThat(fleet.nodename()).isEmpty();
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("remotes = web1\n", "remotes", "invalid remote 'web1'"),
        Arguments.of("remotes = web1:10.0.0.5\n", "remotes", "invalid remote 'web1:10.0.0.5'"),
        Arguments.of("remotes = web1:http://u:p@h:1\n", "remotes", "credentials go in remote_web1_username"),
        Arguments.of("remotes = a b:h:1\n", "remotes", "invalid node name 'a b'"),
        Arguments.of("remotes = a:h:1,a:h:2\n", "remotes", "node name 'a' is used twice"),
        Arguments.of("nodename = a\nremotes = a:h:1\n", "remotes", "node name 'a' is used twice"),
        Arguments.of("nodename = -x\n", "nodename", "invalid nodename '-x'"),
        Arguments.of("remote_timeout = soon\n", "remote_timeout", "remote_timeout must be a number of seconds"),
        Arguments.of("remote_timeout = 0\n", "remote_timeout", "remote_timeout must be between"),
        Arguments.of("remotes = a:h:1\nremote_a_username = u\n", "remote_a_password",
            "remote a has incomplete authentication"),
        Arguments.of("nodename = a\n[inet_http_server:b]\nport=9002\nnodename = b\n", "nodename",
            "section [inet_http_server:b] sets nodename/remotes, but [inet_http_server] does already"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void load_badFleetKey_namesSectionKeyAndValue(String inet, String key, String message) throws Exception {
    ConfigException e = catchThrowableOfType(() -> load(inet), ConfigException.class);
    assertThat(e).isNotNull();
    assertThat(e.problems()).hasSize(1);
    ConfigProblem p = e.problems().get(0);
    assertThat(p.section()).startsWith("inet_http_server");
    assertThat(p.key()).isEqualTo(key);
    assertThat(p.message()).contains(message);
    assertThat(p.file()).endsWith("c.conf");
  }
}
