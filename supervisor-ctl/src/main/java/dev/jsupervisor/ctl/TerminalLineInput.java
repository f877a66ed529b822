package dev.jsupervisor.ctl;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.List;
import org.jline.keymap.KeyMap;
import org.jline.reader.Binding;
import org.jline.reader.Buffer;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Lines from the user's terminal through JLine, as Python's supervisorctl gets them through
 * readline: emacs editing keys (arrows, Home/End, Ctrl-A/E/K/U/W, Ctrl-L...), Up/Down and Ctrl-R
 * over the history (earlier sessions' commands included), Tab completion from {@link
 * Completions}. The only class that touches JLine, and only {@link #open} loads it, so the
 * one-shot commands never do. Used by the session thread.
 *
 * <p>Ctrl-C while reading ends the read with {@link InterruptedIOException}; outside a read (a
 * running {@code tail -f}) it reaches the handler given to {@link #open}, since JLine takes over
 * the process's SIGINT handling while its terminal is open.
 */
final class TerminalLineInput implements LineInput {
  private static final String UNIX_WORD_RUBOUT = "unix-word-rubout";

  private final Terminal terminal;
  private final LineReader reader;

  private TerminalLineInput(Terminal terminal, LineReader reader) {
    this.terminal = terminal;
    this.reader = reader;
  }

  /**
   * Opens the process's terminal (stdin and stdout must be one).
   *
   * @param earlier commands of earlier sessions, oldest first, recallable with Up
   * @param onInterrupt what Ctrl-C does outside a read, or null for the JVM's default (exit)
   * @return the input, or null when no terminal could be opened (the caller reads the stream)
   */
  static LineInput open(Completions completions, List<String> earlier, Runnable onInterrupt) {
    Terminal terminal;
    try {
      terminal = TerminalBuilder.builder()
          .system(true)
          .dumb(false)
          .graphemeCluster(false) // no mode probe written to the terminal at start
          .build();
    } catch (IOException | RuntimeException | LinkageError e) {
      return null;
    }
    if (onInterrupt != null) {
      terminal.handle(Terminal.Signal.INT, signal -> onInterrupt.run());
    }
    History history = new DefaultHistory();
    LineReader reader = newReader(terminal, history, completions);
    bindReadlineKeys(reader);
    for (String line : earlier) {
      history.add(Instant.EPOCH, line);
    }
    history.moveToEnd();
    return new TerminalLineInput(terminal, reader);
  }

  private static LineReader newReader(Terminal terminal, History history, Completions completions) {
    // no quoting, escapes or comments: the line reaches the command as typed, as with readline
    DefaultParser parser = new DefaultParser();
    parser.setQuoteChars(new char[0]);
    parser.setEscapeChars(new char[0]);
    parser.setEofOnUnclosedQuote(false);
    parser.setEofOnEscapedNewLine(false);
    return LineReaderBuilder.builder()
        .terminal(terminal)
        .appName(SupervisorCtl.PROGNAME)
        .parser(parser)
        .history(history)
        .completer((r, line, candidates) -> {
          String text = line.word().substring(0, line.wordCursor());
          for (String m : completions.matches(line.line(), text)) {
            candidates.add(new Candidate(m, m, null, null, null, null, true));
          }
        })
        .variable(LineReader.HISTORY_SIZE, ShellHistory.LIMIT)
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // "!" is not history expansion
        .option(LineReader.Option.HISTORY_IGNORE_SPACE, false)
        .option(LineReader.Option.HISTORY_REDUCE_BLANKS, false)
        .option(LineReader.Option.COMPLETE_MATCHER_TYPO, false)
        .option(LineReader.Option.INSERT_TAB, false)
        .option(LineReader.Option.AUTO_MENU, false) // as readline: another Tab lists again
        .build();
  }

  /**
   * readline's Ctrl-U and Ctrl-W: kill back to the line's start / to the previous whitespace.
   * JLine's own Ctrl-U kills the whole line, and its Ctrl-W (backward-kill-word) stops at
   * punctuation such as the colon of {@code grp:name}.
   */
  private static void bindReadlineKeys(LineReader reader) {
    KeyMap<Binding> emacs = reader.getKeyMaps().get(LineReader.EMACS);
    emacs.bind(new Reference(LineReader.BACKWARD_KILL_LINE), KeyMap.ctrl('U'));
    reader.getWidgets().put(UNIX_WORD_RUBOUT, () -> unixWordRubout(reader.getBuffer()));
    emacs.bind(new Reference(UNIX_WORD_RUBOUT), KeyMap.ctrl('W'));
  }

  /** readline's unix-word-rubout: deletes back over whitespace, then to the previous whitespace. */
  private static boolean unixWordRubout(Buffer b) {
    int end = b.cursor();
    int start = end;
    while (start > 0 && Character.isWhitespace(b.atChar(start - 1))) {
      start--;
    }
    while (start > 0 && !Character.isWhitespace(b.atChar(start - 1))) {
      start--;
    }
    b.cursor(start);
    b.delete(end - start);
    return true;
  }

  @Override
  public String readLine(String prompt) throws InterruptedIOException {
    return read(prompt, null);
  }

  @Override
  public String readSecret(String prompt) throws InterruptedIOException {
    return read(prompt, '\0'); // mask 0: nothing echoed, nothing kept in the history
  }

  private String read(String prompt, Character mask) throws InterruptedIOException {
    try {
      return reader.readLine(prompt, mask);
    } catch (UserInterruptException e) {
      throw new InterruptedIOException("interrupted");
    } catch (EndOfFileException e) {
      return null;
    }
  }

  /** JLine ends its own reads on Ctrl-C; there is nothing to wake here. */
  @Override
  public boolean interrupt() {
    return false;
  }

  /** Gives the terminal back as it was (modes, signal handlers). */
  @Override
  public void close() {
    try {
      terminal.close();
    } catch (IOException e) {
      // the session is over; a terminal that cannot be restored is all the user would notice
    }
  }
}
