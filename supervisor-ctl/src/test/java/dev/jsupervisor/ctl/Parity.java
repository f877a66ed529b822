package dev.jsupervisor.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** Runs Python's supervisorctl and ours with the same arguments and compares the results. */
final class Parity {
  private Parity() {}

  /** Both clients against one daemon (read-only commands). */
  static CtlRun same(ReferenceDaemon d, String line) throws Exception {
    return same(d, d, line);
  }

  /**
   * Python's client against {@code py}, ours against {@code ours} (two daemons in the same state,
   * for commands that change state); asserts identical masked stdout, stderr and exit status.
   */
  static CtlRun same(ReferenceDaemon py, ReferenceDaemon ours, String line) throws Exception {
    String[] words = line.isEmpty() ? new String[0] : line.split(" ");
    CtlRun theirs = CtlRun.python(withConf(py.conf, words));
    CtlRun mine = CtlRun.ours(withConf(ours.conf, words));
    assertThat(mine.masked(ours.dir))
        .as("supervisorctl %s", line)
        .isEqualTo(theirs.masked(py.dir));
    return mine;
  }

  /**
   * Like {@link #same(ReferenceDaemon, ReferenceDaemon, String)} but the lines may come in another
   * order: two daemons may finish stopping equal-priority group members in different orders, and
   * the client prints the server's order.
   */
  static void sameLines(ReferenceDaemon py, ReferenceDaemon ours, String line) throws Exception {
    String[] words = line.isEmpty() ? new String[0] : line.split(" ");
    CtlRun theirs = CtlRun.python(withConf(py.conf, words)).masked(py.dir);
    CtlRun mine = CtlRun.ours(withConf(ours.conf, words)).masked(ours.dir);
    assertThat(mine.out().lines()).as("supervisorctl %s", line)
        .containsExactlyInAnyOrderElementsOf(theirs.out().lines().toList());
    assertThat(mine.err()).as("stderr of supervisorctl %s", line).isEqualTo(theirs.err());
    assertThat(mine.exit()).as("exit status of supervisorctl %s", line).isEqualTo(theirs.exit());
  }

  static String[] withConf(Path conf, String... words) {
    String[] args = new String[words.length + 2];
    args[0] = "-c";
    args[1] = conf.toString();
    System.arraycopy(words, 0, args, 2, words.length);
    return args;
  }
}
