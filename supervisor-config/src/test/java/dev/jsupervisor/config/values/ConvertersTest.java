package dev.jsupervisor.config.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsupervisor.core.LogLevel;
import dev.jsupervisor.core.RestartPolicy;
import dev.jsupervisor.core.Signal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

final class ConvertersTest {
  @Test
  void integer_acceptsPythonIntSyntax() {
    assertThat(Converters.integer(" 12 ")).isEqualTo(12);
    assertThat(Converters.integer("+1_000")).isEqualTo(1000);
    assertThat(Converters.integer("-3")).isEqualTo(-3);
    assertThat(Converters.integer("010")).isEqualTo(10);
  }

  @Test
  void integer_rejectsWithPythonText() {
    assertThatThrownBy(() -> Converters.integer("abc"))
        .hasMessage("invalid literal for int() with base 10: 'abc'");
    assertThatThrownBy(() -> Converters.integer("1__0")).isInstanceOf(ValueException.class);
  }

  @Test
  void bool_acceptsWordsInAnyCase_andRejectsOthers() {
    assertThat(Converters.bool("YES")).isTrue();
    assertThat(Converters.bool("off")).isFalse();
    assertThatThrownBy(() -> Converters.bool("maybe")).hasMessage("not a valid boolean value: 'maybe'");
  }

  @ParameterizedTest
  @CsvSource({"50MB,52428800", "'50 MB',52428800", "' 10MB',10485760", "1_000,1000", "1kb,1024", "2GB,2147483648",
      "-1KB,-1024", "0,0"})
  void byteSize_acceptsSupervisordForms(String text, long expected) {
    assertThat(Converters.byteSize(text)).isEqualTo(expected);
  }

  @Test
  void byteSize_rejectsWithLowerCasedLiteral() {
    assertThatThrownBy(() -> Converters.byteSize("5XB")).hasMessage("invalid literal for int() with base 10: '5xb'");
    assertThatThrownBy(() -> Converters.byteSize("1.5MB")).hasMessage("invalid literal for int() with base 10: '1.5'");
  }

  @Test
  void octal_acceptsPythonBase8_andRejectsWithItsText() {
    assertThat(Converters.octal("022")).isEqualTo(18);
    assertThat(Converters.octal("0o22")).isEqualTo(18);
    assertThat(Converters.octal("777")).isEqualTo(511);
    assertThatThrownBy(() -> Converters.octal("999")).hasMessage("999 can not be converted to an octal type");
  }

  @Test
  void signal_acceptsNamesAndNumbers() {
    assertThat(Converters.signal("TERM")).isEqualTo(Signal.TERM);
    assertThat(Converters.signal("sigterm")).isEqualTo(Signal.TERM);
    assertThat(Converters.signal(" int ")).isEqualTo(Signal.INT);
    assertThat(Converters.signal("9")).isEqualTo(Signal.KILL);
  }

  @Test
  void signal_rejectsWithNameOrNumberText() {
    assertThatThrownBy(() -> Converters.signal("FOO")).hasMessage("value 'FOO' is not a valid signal name");
    assertThatThrownBy(() -> Converters.signal("65")).hasMessage("value '65' is not a valid signal number");
  }

  @Test
  void signals_acceptsTheSeedsList() {
    assertThat(Converters.signals("TERM KILL")).containsExactly(Signal.TERM, Signal.KILL);
    assertThat(Converters.signals("HUP")).containsExactly(Signal.HUP);
  }

  @Test
  void exitCodes_parsesListsAndRejectsOutOfRange() {
    assertThat(Converters.exitCodes("0, 2 ,3")).containsExactly(0, 2, 3);
    assertThat(Converters.exitCodes("")).isEmpty();
    assertThatThrownBy(() -> Converters.exitCodes("0,256")).hasMessage("not a valid list of exit codes: '0,256'");
    assertThatThrownBy(() -> Converters.exitCodes("0,")).hasMessage("not a valid list of exit codes: '0,'");
  }

  @Test
  void autoRestart_mapsWords_andReportsLowerCasedValue() {
    assertThat(Converters.autoRestart("true")).isEqualTo(RestartPolicy.ALWAYS);
    assertThat(Converters.autoRestart("0")).isEqualTo(RestartPolicy.NEVER);
    assertThat(Converters.autoRestart("Unexpected")).isEqualTo(RestartPolicy.UNEXPECTED);
    assertThatThrownBy(() -> Converters.autoRestart("Maybe")).hasMessage("invalid 'autorestart' value 'maybe'");
  }

  @Test
  void logLevel_mapsDescriptions() {
    assertThat(Converters.logLevel("WARN")).isEqualTo(LogLevel.WARN);
    assertThat(Converters.logLevel("blather")).isEqualTo(LogLevel.BLAT);
    assertThatThrownBy(() -> Converters.logLevel("verbose")).hasMessage("bad logging level name 'verbose'");
  }

  @Test
  void logLevel_acceptsTheGoPortsNamesAsAliases() {
    assertThat(Converters.logLevel("warning")).isEqualTo(LogLevel.WARN);
    assertThat(Converters.logLevel("Fatal")).isEqualTo(LogLevel.CRIT);
    assertThat(Converters.logLevel("panic")).isEqualTo(LogLevel.CRIT);
    assertThat(Converters.logLevel("trace")).isEqualTo(LogLevel.TRAC);
    assertThat(Converters.logLevel("debug")).isEqualTo(LogLevel.DEBG);
    assertThat(Converters.logLevel("error")).isEqualTo(LogLevel.ERRO);
  }

  @Test
  void processOrGroupName_rejectsSpaceColonSlash() {
    assertThat(Converters.processOrGroupName(" web ")).isEqualTo("web");
    assertThatThrownBy(() -> Converters.processOrGroupName("a b"))
        .hasMessage("Invalid name: 'a b' because of character: ' '");
    assertThatThrownBy(() -> Converters.processOrGroupName("a:b"))
        .hasMessage("Invalid name: 'a:b' because of character: ':'");
  }

  @Test
  void keyValuePairs_followsShlexOf425() {
    assertThat(Converters.keyValuePairs("A=1,B=\"value, with comma\",C='x', D = 4 ,"))
        .containsExactly(Map.entry("A", "1"), Map.entry("B", "value, with comma"), Map.entry("C", "x"),
            Map.entry("D", "4"));
    assertThat(Converters.keyValuePairs("G=\"\"")).containsExactly(Map.entry("G", ""));
    assertThat(Converters.keyValuePairs("I=a b")).containsExactly(Map.entry("I", "a"));
    assertThat(Converters.keyValuePairs("O=~/x")).containsExactly(Map.entry("O", "~"));
    assertThat(Converters.keyValuePairs("P=$HOME")).containsExactly(Map.entry("P", "$"));
    assertThat(Converters.keyValuePairs("T=x#y")).containsExactly(Map.entry("T", "x"));
    assertThat(Converters.keyValuePairs("J=\"a\\\"b\"")).containsExactly(Map.entry("J", "a\\"));
    assertThat(Converters.keyValuePairs("PATH=/usr/bin:/bin;X=1")).containsExactly(
        Map.entry("PATH", "/usr/bin:/bin"), Map.entry("X", "1"));
    assertThat(Converters.keyValuePairs("")).isEmpty();
  }

  @Test
  void keyValuePairs_rejectsBrokenPairs() {
    for (String bad : List.of("A=1,B", "F=a=b", "Q=a@b", "K=x,,L=y")) {
      assertThatThrownBy(() -> Converters.keyValuePairs(bad))
          .hasMessage("Unexpected end of key/value pairs in value '" + bad + "'");
    }
    assertThatThrownBy(() -> Converters.keyValuePairs("A=\"x")).hasMessage("No closing quotation");
  }

  @Test
  void inetAddress_acceptsForms_andChecksRange() {
    assertThat(Converters.inetAddress("9001")).isEqualTo(Map.entry("", 9001));
    assertThat(Converters.inetAddress("*:9001")).isEqualTo(Map.entry("", 9001));
    assertThat(Converters.inetAddress("LocalHost:9001")).isEqualTo(Map.entry("localhost", 9001));
    assertThatThrownBy(() -> Converters.inetAddress("localhost:99999")).hasMessage("99999 is above upper bound (65535)");
    assertThatThrownBy(() -> Converters.inetAddress("x")).hasMessage("not a valid port number: 'x' ");
  }

  @Test
  void nameToUid_reportsUnknownUsers() {
    assertThat(Converters.nameToUid("root", UserDatabase.SYSTEM)).isZero();
    assertThatThrownBy(() -> Converters.nameToUid("nosuchuser", UserDatabase.SYSTEM))
        .hasMessage("Invalid user name nosuchuser");
    assertThatThrownBy(() -> Converters.nameToUid("4000000", UserDatabase.SYSTEM))
        .hasMessage("Invalid user id 4000000");
  }

  @Test
  void existingDirpath_needsTheDirectory() {
    assertThat(Converters.existingDirpath("x.log", "/root")).isEqualTo("x.log");
    assertThat(Converters.existingDirpath("~/x.log", "/tmp")).isEqualTo("/tmp/x.log");
    assertThatThrownBy(() -> Converters.existingDirpath("/nonexistent/dir/x.log", "/root"))
        .hasMessage("The directory named as part of the path /nonexistent/dir/x.log does not exist");
  }

  @Test
  void commandLine_splitsLikePosixShlex() {
    assertThat(Converters.commandLine("kill -HUP 'a b' \"c\\\"d\" e\\ f")).containsExactly("kill", "-HUP", "a b",
        "c\"d", "e f");
  }
}
