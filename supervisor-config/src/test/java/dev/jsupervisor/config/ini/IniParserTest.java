package dev.jsupervisor.config.ini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class IniParserTest {
  private static final Path FILE = Path.of("/etc/x/c.conf");

  private static IniDocument parse(String text) throws IniParseException {
    IniDocument doc = new IniDocument();
    IniParser.parse(text, FILE, "c.conf", doc);
    return doc;
  }

  private static String value(IniDocument doc, String section, String key) {
    return doc.get(section, key).orElseThrow().value();
  }

  @Test
  void inlineComment_afterWhitespace_isStripped() throws Exception {
    IniDocument doc = parse("[a]\nx = 1 ; comment\ny = 2 # other\n");
    assertThat(value(doc, "a", "x")).isEqualTo("1");
    assertThat(value(doc, "a", "y")).isEqualTo("2");
  }

  @Test
  void inlineComment_withoutWhitespace_isKept() throws Exception {
    IniDocument doc = parse("[a]\ncommand=/bin/echo foo;bar#baz\n");
    assertThat(value(doc, "a", "command")).isEqualTo("/bin/echo foo;bar#baz");
  }

  @Test
  void inlineComment_insideQuotes_stillTruncates() throws Exception {
    IniDocument doc = parse("[a]\ncommand=bash -c 'echo one ; echo two'\n");
    assertThat(value(doc, "a", "command")).isEqualTo("bash -c 'echo one");
  }

  @Test
  void inlineComment_pythonSearchOrder_isReproduced() throws Exception {
    // Python finds ';' at a whitespace position in its first round and stops there
    IniDocument doc = parse("[a]\nv=#a #b ;c\n");
    assertThat(value(doc, "a", "v")).isEqualTo("#a #b");
  }

  @Test
  void fullLineComments_areIgnored() throws Exception {
    IniDocument doc = parse("; top\n# top\n[a]\n  ; indented\nx=1\n");
    assertThat(doc.sectionNames()).containsExactly("a");
    assertThat(doc.section("a").orElseThrow().values()).containsOnlyKeys("x");
  }

  @Test
  void continuationLines_areJoinedWithNewline_andBlankLinesKept() throws Exception {
    IniDocument doc = parse("[a]\nfiles = one\n  two\n\n  three\n\n[b]\n");
    assertThat(value(doc, "a", "files")).isEqualTo("one\ntwo\n\nthree");
  }

  @Test
  void keys_areLowerCased_sectionsKeepCase() throws Exception {
    IniDocument doc = parse("[Program:x]\nCommand = a\n");
    assertThat(doc.hasSection("Program:x")).isTrue();
    assertThat(doc.hasSection("program:x")).isFalse();
    assertThat(value(doc, "Program:x", "command")).isEqualTo("a");
  }

  @Test
  void duplicates_lastWins_andSectionsMerge() throws Exception {
    IniDocument doc = parse("[a]\nx=1\ny=1\n[b]\n[a]\nx=2\n");
    assertThat(value(doc, "a", "x")).isEqualTo("2");
    assertThat(value(doc, "a", "y")).isEqualTo("1");
    assertThat(doc.sectionNames()).containsExactly("a", "b");
  }

  @Test
  void colonDelimiter_andFirstDelimiterWins() throws Exception {
    IniDocument doc = parse("[a]\nx: 1\ny = a=b:c\n");
    assertThat(value(doc, "a", "x")).isEqualTo("1");
    assertThat(value(doc, "a", "y")).isEqualTo("a=b:c");
  }

  @Test
  void defaultSection_isInherited_butNotListed() throws Exception {
    IniDocument doc = parse("[DEFAULT]\nstartsecs=5\n[a]\n[b]\nstartsecs=7\n");
    assertThat(doc.sectionNames()).containsExactly("a", "b");
    assertThat(value(doc, "a", "startsecs")).isEqualTo("5");
    assertThat(value(doc, "b", "startsecs")).isEqualTo("7");
    assertThat(doc.keys("a")).containsExactly("startsecs");
  }

  @Test
  void values_rememberFileAndLine() throws Exception {
    IniDocument doc = parse("[a]\n\nx=1\n");
    IniValue v = doc.get("a", "x").orElseThrow();
    assertThat(v.line()).isEqualTo(3);
    assertThat(v.file()).isEqualTo(FILE);
  }

  @Test
  void badLine_givesPythonsParsingErrorText() {
    assertThatThrownBy(() -> parse("[a]\nx=1\n\n\n\nthis is not ini\n"))
        .isInstanceOf(IniParseException.class)
        .hasMessage("Source contains parsing errors: 'c.conf'\n\t[line  6]: 'this is not ini\\n'");
  }

  @Test
  void emptyOptionName_opensNoValue_soAnIndentedLineAfterItIsAnotherError() {
    // Python 3.11: the indented line is not a continuation of the nameless option
    assertThatThrownBy(() -> parse("[a]\n=x\n  junk\n"))
        .isInstanceOf(IniParseException.class)
        .hasMessage("Source contains parsing errors: 'c.conf'\n\t[line  2]: '=x\\n'\n\t[line  3]: '  junk\\n'");
  }

  @Test
  void noSectionHeader_givesPythonsMissingHeaderText() {
    assertThatThrownBy(() -> parse("x=1\n"))
        .isInstanceOf(IniParseException.class)
        .hasMessage("File contains no section headers.\nfile: 'c.conf', line: 1\n'x=1\\n'");
  }
}
