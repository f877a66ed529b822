package dev.jsupervisor.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.config.ini.IniDocument;
import dev.jsupervisor.config.ini.IniParseException;
import dev.jsupervisor.config.ini.IniParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * supervisor-ctl's {@link IniFile} and our {@link IniParser} (the reader compared with Python
 * supervisord) read the same files alike: the same sections in the same order, each with the same
 * keys and raw values ({@code [DEFAULT]} inherited, nothing expanded), or both reject the file.
 *
 * <p>It lives in supervisor-config's tests, in IniFile's package: supervisor-ctl has no dependencies,
 * not even test-scoped ones, so that {@code mvn -pl supervisor-ctl package} builds its jar alone,
 * while supervisor-config never builds without the reactor (it needs supervisor-core) and so takes a
 * test-scoped dependency on supervisor-ctl at no cost.
 */
final class IniFileDifferentialTest {
  private static final Path ROOT = RepoConfs.root();

  @TempDir Path dir;

  static Stream<Arguments> repoFiles() throws IOException {
    return RepoConfs.confFiles(ROOT).stream().map(f -> Arguments.of(ROOT.relativize(f).toString(), f));
  }

  /** The conf text of every module's tests but this one's, whose own cases are {@link #trickyTexts}. */
  static Stream<Arguments> embeddedTexts() throws IOException {
    String own = IniFileDifferentialTest.class.getSimpleName() + ".java#";
    return RepoConfs.embeddedTexts(ROOT).entrySet().stream()
        .filter(e -> !e.getKey().startsWith(own))
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  static Stream<Arguments> trickyTexts() {
    return Stream.of(
        Arguments.of("blank lines inside a continued value", "[a]\nfiles = one\n  two\n\n\n  three\nnext=1\n"),
        Arguments.of("blank lines closing a value", "[a]\nx = one\n  two\n\n\n[b]\ny=1\n\n"),
        Arguments.of("whitespace-only line inside a value", "[a]\nx = one\n   \t\n  two\n"),
        Arguments.of("comments inside a continued value", "[a]\nx = one\n  ; note\n# note\n  two ; tail\n  three\n"),
        Arguments.of("comment lines are not blank lines", "[a]\nx = one\n;c\n\n  two\n"),
        Arguments.of("continuation deeper, then shallower", "[a]\nx = one\n      two\n  three\n"),
        Arguments.of("indented keys at one level", "[a]\n  x = 1\n  y = 2\n    more\n"),
        Arguments.of("indented header, then keys", "  [a]\n  x=1\nz=2\n  cont\n"),
        Arguments.of("header inside a continuation", "[a]\nx=1\n  [b]\ny=2\n"),
        Arguments.of("';' and '#' after whitespace", "[a]\nx = 1 ; c\ny = 2 # c\nz = 3\t;tab\nw = 4\t#tab\n"),
        Arguments.of("';' and '#' without whitespace", "[a]\nx = a;b#c\ny = http://h/#frag\nz = 1;2 ;3\n"),
        Arguments.of("Python's comment search order", "[a]\nv=#a #b ;c\nw=;a ;b #c\nu=a#b ;c #d\n"),
        Arguments.of("comment right after the delimiter", "[a]\nx = ;c\ny =#c\nz= ; c\n"),
        Arguments.of("header with a comment or text after it", "[a] ; c\nx=1\n[b] junk\ny=2\n[c]# no\nz=3\n"),
        Arguments.of("brackets inside a header", "[a]]\nx=1\n[[b]\ny=2\n[c;d]\nz=3\n[e]x]\nw=4\n"),
        Arguments.of("key:value and mixed delimiters", "[a]\nx:1\ny : 2\nz= a:b\nw: a=b\nv=:\n"),
        Arguments.of("spaces inside keys", "[a]\nmy key = v\n  spaced key\t:\tw\n"),
        Arguments.of("upper-case keys, case-kept sections", "[A]\nKey=1\n[a]\nKEY=2\nkey=3\n[Program:X]\nCOMMAND=c\n"),
        Arguments.of("tabs", "[a]\n\tx\t=\t1\t\n\t\tcont\t\n\ty\t:\t2\n"),
        Arguments.of("CRLF line ends", "[a]\r\nx=1\r\n  two\r\n\r\n  three\r\ny = 2 ; c\r\n"),
        Arguments.of("CR line ends", "[a]\rx=1\r  two\r\ry=2\r"),
        Arguments.of("form feed and vertical tab", "[a]\nx=1\f\n\u000b y\n"),
        // both readers take Java's whitespace (Character.isWhitespace), which leaves out U+00A0;
        // Python's str.isspace() takes it, so here both differ from Python alike
        Arguments.of("no-break space", "[a]\nx = 1\u00a0\ny\u00a0= 2\n\u00a0z=3\n"),
        Arguments.of("repeated sections merge", "[a]\nx=1\ny=1\n[b]\nz=1\n[a]\nx=2\nw=2\n"),
        Arguments.of("empty values", "[a]\nx=\ny =\nz:\nw = \t\n"),
        Arguments.of("duplicate keys, last wins", "[a]\nx=1\n  more\nx=2\nX=3\n"),
        Arguments.of("[DEFAULT] is inherited", "[DEFAULT]\nk=1\nx=0\n[a]\nx=2\n[b]\n[DEFAULT]\nj=3\n"),
        Arguments.of("only [DEFAULT]", "[DEFAULT]\nserverurl=unix:///tmp/s.sock\n"),
        Arguments.of("supervisorctl with [DEFAULT]", "[DEFAULT]\nprompt=p\n[supervisorctl]\nserverurl=x\n"),
        Arguments.of("no newline at the end", "[a]\nx=1"),
        Arguments.of("empty file", ""),
        Arguments.of("comments and blank lines only", "; c\n\n# c\n   \n"),
        Arguments.of("percent signs stay raw", "[a]\nx=%(here)s/%(ENV_HOME)s 100%\n"),
        Arguments.of("reject: key before any section", "x=1\n[a]\n"),
        Arguments.of("reject: indented key before any section", "; c\n  x=1\n"),
        Arguments.of("reject: empty section name", "[]\nx=1\n"),
        Arguments.of("reject: BOM before the first header", "\ufeff[a]\nx=1\n"),
        Arguments.of("reject: comment splits the header", "[a ;b]\nx=1\n"),
        Arguments.of("reject: unclosed header", "[a]\nx=1\n[b\ny=2\n"),
        Arguments.of("reject: line without delimiter", "[a]\nx=1\n\n\nthis is not ini\n"),
        Arguments.of("reject: empty key", "[a]\n=x\n"),
        Arguments.of("reject: empty key, then an indented line", "[a]\n=x\n  junk\n"),
        Arguments.of("reject: continuation right after a header", "[a]\nx=1\n[b]\n  y\n"),
        Arguments.of("reject: bad line later, after good ones", "[a]\nx=1\n[b]\ny=2\n  z\nnope\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("repoFiles")
  void repoConfFile_readsAlike(String name, Path file) {
    assertReadAlike(file);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"embeddedTexts", "trickyTexts"})
  void text_readsAlike(String name, String text) throws IOException {
    Path file = dir.resolve("supervisord.conf");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    assertReadAlike(file);
  }

  @Test
  void corpus_holdsTheConfigFixtures_andTheParserTestsTexts() throws IOException {
    assertThat(RepoConfs.confFiles(ROOT)).contains(
        ROOT.resolve("examples/supervisord.conf"),
        ROOT.resolve("supervisor-config/src/test/resources/configs/debian/supervisord.conf"),
        ROOT.resolve("supervisor-config/src/test/resources/configs/debian/conf.d/web.conf"),
        ROOT.resolve("supervisor-config/src/test/resources/configs/group-default.conf"));
    assertThat(RepoConfs.embeddedTexts(ROOT).values()).contains(
        "[a]\nfiles = one\n  two\n\n  three\n\n[b]\n", // IniParserTest, a literal
        "[program:a]\ncommand=x\nautorestart=maybe\n"); // ConfigErrorsTest
    assertThat(RepoConfs.embeddedTexts(ROOT).values()).anyMatch(t -> t.contains("command = /bin/sh -c\n  'sleep 100'"));
  }

  @Test
  void confTexts_findsLiteralsTextBlocksAndJoins_skippingComments() {
    String java = String.join("\n",
        "// \"[in comment]\\n\"",
        "String a = \"[a]\\nx=1\\n\" + '\"' + \"no header\";",
        "String b = \"\"\"",
        "    [b]",
        "      y=2",
        "    \"\"\";",
        "String c = String.join(\"\\n\", \"[c]\", \"z=3\");");
    assertThat(RepoConfs.confTexts(java)).containsExactly("[a]\nx=1\n", "[b]\n  y=2\n", "[c]\nz=3");
  }

  private static void assertReadAlike(Path file) {
    Optional<List<Map.Entry<String, Map<String, String>>>> theirs = byIniParser(file);
    Optional<List<Map.Entry<String, Map<String, String>>>> ours = byIniFile(file);
    assertThat(ours).as("IniFile (empty: rejected) vs IniParser").isEqualTo(theirs);
  }

  private static Optional<List<Map.Entry<String, Map<String, String>>>> byIniParser(Path file) {
    IniDocument doc = new IniDocument();
    try {
      IniParser.parse(Files.readString(file, StandardCharsets.UTF_8), file, file.toString(), doc);
    } catch (IOException | IniParseException e) {
      return Optional.empty();
    }
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    for (String name : doc.sectionNames()) {
      Map<String, String> values = new TreeMap<>();
      doc.keys(name).forEach(k -> values.put(k, doc.get(name, k).orElseThrow().value()));
      sections.put(name, values);
    }
    return Optional.of(List.copyOf(sections.entrySet()));
  }

  private static Optional<List<Map.Entry<String, Map<String, String>>>> byIniFile(Path file) {
    IniFile ini;
    try {
      ini = IniFile.read(file);
    } catch (IOException e) {
      return Optional.empty();
    }
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    for (String name : ini.sectionNames()) {
      sections.put(name, new TreeMap<>(ini.section(name)));
    }
    return Optional.of(List.copyOf(sections.entrySet()));
  }
}
