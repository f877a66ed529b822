package dev.jsupervisor.ctl;

import java.util.List;

/** {@code help [action]}: the action list in Python's {@code cmd} column layout, or one action's help. */
final class HelpCommand implements Command {
  private static final int DISPLAY_WIDTH = 79;

  @Override
  public String name() {
    return "help";
  }

  @Override
  public void run(CtlSession s, String arg) {
    if (arg.strip().equals("help")) {
      help(s);
      return;
    }
    if (!arg.isEmpty()) {
      Command c = s.commands().get(arg);
      if (c == null || c.name().equals("EOF")) {
        s.output("*** No help on " + arg);
      } else {
        c.help(s);
      }
      return;
    }
    s.output("");
    String header = "default commands (type help <topic>):";
    StringBuilder sb = new StringBuilder();
    sb.append(header).append('\n').append("=".repeat(header.length())).append('\n');
    columnize(sb, Commands.documented(s.commands()));
    sb.append('\n');
    s.out.print(sb);
    s.out.flush();
  }

  /** Python's {@code cmd.Cmd.columnize}: fewest rows that fit, columns two spaces apart. */
  static void columnize(StringBuilder sb, List<String> items) {
    int size = items.size();
    if (size == 0) {
      sb.append("<empty>\n");
      return;
    }
    if (size == 1) {
      sb.append(items.get(0)).append('\n');
      return;
    }
    int nrows = size;
    int[] widths = {0};
    for (int rows = 1; rows < size; rows++) {
      int ncols = (size + rows - 1) / rows;
      int[] w = new int[ncols];
      int total = -2;
      for (int col = 0; col < ncols; col++) {
        for (int row = 0; row < rows && row + rows * col < size; row++) {
          w[col] = Math.max(w[col], items.get(row + rows * col).length());
        }
        total += w[col] + 2;
        if (total > DISPLAY_WIDTH) {
          break;
        }
      }
      if (total <= DISPLAY_WIDTH) {
        nrows = rows;
        widths = w;
        break;
      }
    }
    for (int row = 0; row < nrows; row++) {
      StringBuilder line = new StringBuilder();
      for (int col = 0; col < widths.length && row + nrows * col < size; col++) {
        if (col > 0) {
          line.append("  ");
        }
        line.append(Commands.pad(items.get(row + nrows * col), widths[col]));
      }
      sb.append(line).append('\n');
    }
  }

  @Override
  public void help(CtlSession s) {
    s.output("help\t\tPrint a list of available actions");
    s.output("help <action>\tPrint help for <action>");
  }
}
