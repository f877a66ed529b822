package dev.jsupervisor.ctl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Python {@code getopt.getopt} for supervisorctl's options: parsing stops at the first operand or
 * {@code --}; long options may be abbreviated to a unique prefix. Errors carry getopt's wording.
 */
final class GetOpt {
  private static final String SHORT_WITH_ARG = "csupr";
  private static final String SHORT_FLAGS = "hi?";
  private static final List<String> LONG =
      List.of("help", "configuration=", "interactive", "serverurl=", "username=", "password=",
          "history_file=");

  private final String[] argv;
  private int index;
  private String pendingShort = "";

  GetOpt(String[] argv) {
    this.argv = argv;
  }

  /** Returns {name, value-or-null} for the next option, or null when the options end. */
  String[] next() throws CtlOptions.UsageException {
    if (!pendingShort.isEmpty()) {
      return shortOption();
    }
    if (index >= argv.length) {
      return null;
    }
    String a = argv[index];
    if (a.equals("--")) {
      index++;
      return null;
    }
    if (a.startsWith("--")) {
      index++;
      return longOption(a.substring(2));
    }
    if (a.startsWith("-") && a.length() > 1) {
      index++;
      pendingShort = a.substring(1);
      return shortOption();
    }
    return null;
  }

  List<String> operands() {
    return new ArrayList<>(Arrays.asList(argv).subList(index, argv.length));
  }

  private String[] shortOption() throws CtlOptions.UsageException {
    char c = pendingShort.charAt(0);
    String rest = pendingShort.substring(1);
    pendingShort = "";
    if (SHORT_FLAGS.indexOf(c) >= 0) {
      pendingShort = rest;
      return new String[] {"-" + c, null};
    }
    if (SHORT_WITH_ARG.indexOf(c) < 0) {
      throw new CtlOptions.UsageException("option -" + c + " not recognized");
    }
    if (!rest.isEmpty()) {
      return new String[] {"-" + c, rest};
    }
    if (index >= argv.length) {
      throw new CtlOptions.UsageException("option -" + c + " requires argument");
    }
    return new String[] {"-" + c, argv[index++]};
  }

  private String[] longOption(String text) throws CtlOptions.UsageException {
    int eq = text.indexOf('=');
    String name = eq < 0 ? text : text.substring(0, eq);
    String value = eq < 0 ? null : text.substring(eq + 1);
    List<String> matches = new ArrayList<>();
    for (String l : LONG) {
      String bare = l.endsWith("=") ? l.substring(0, l.length() - 1) : l;
      if (bare.equals(name)) {
        matches = List.of(l);
        break;
      }
      if (bare.startsWith(name)) {
        matches.add(l);
      }
    }
    if (matches.isEmpty()) {
      throw new CtlOptions.UsageException("option --" + name + " not recognized");
    }
    if (matches.size() > 1) {
      throw new CtlOptions.UsageException("option --" + name + " not a unique prefix");
    }
    String l = matches.get(0);
    boolean takesArg = l.endsWith("=");
    String full = "--" + (takesArg ? l.substring(0, l.length() - 1) : l);
    if (takesArg && value == null) {
      if (index >= argv.length) {
        throw new CtlOptions.UsageException("option " + full + " requires argument");
      }
      value = argv[index++];
    } else if (!takesArg && value != null) {
      throw new CtlOptions.UsageException("option " + full + " must not have an argument");
    }
    return new String[] {full, value};
  }
}
