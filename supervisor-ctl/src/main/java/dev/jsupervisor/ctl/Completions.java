package dev.jsupervisor.ctl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What Tab completes, as Python's supervisorctl {@code Controller.complete} decides it: the
 * first word (or a blank line) completes to action names, the words after {@code help} too, after
 * {@code add}/{@code remove}/{@code update} group names, after the process actions process names
 * ({@code name}, or {@code group:name} and {@code group:*} for a process in a group of its own
 * name, or for all when the typed word has a colon). Names come from one {@code
 * getAllProcessInfo}, kept until the next command runs ({@link #forget()}), since one Tab can ask
 * several times. The actions are supervisorctl's vocabulary: {@code help}, then every documented
 * command in order ({@code EOF} is not offered). Without JLine types, so it can be tested alone.
 * Used by the session thread.
 */
final class Completions {
  /** Where process names come from; any failure means "nothing to offer". */
  interface Source {
    List<ProcessInfo> processes() throws RpcFault, ServerException;
  }

  private static final Set<String> GROUP_ACTIONS = Set.of("add", "remove", "update");
  private static final Set<String> PROCESS_ACTIONS = Set.of(
      "clear", "fg", "pid", "restart", "signal", "start", "status", "stop", "tail");

  private final Collection<String> actions;
  private final Source source;
  private List<ProcessInfo> cached;

  Completions(Collection<String> actions, Source source) {
    this.actions = actions;
    this.source = source;
  }

  /**
   * The words that may replace {@code text}, the word being completed, in {@code line}, the whole
   * buffer; each would be followed by a space.
   */
  List<String> matches(String line, String text) {
    if (line.isBlank()) {
      return actions(text);
    }
    List<String> words = Commands.words(line);
    String action = words.get(0);
    if (words.size() == 1 && !line.endsWith(" ")) {
      return actions(text);
    }
    if ("help".contains(action)) {
      // supervisorctl tests `action in ('help')`, a substring test: "h", "el"... complete actions too
      return actions(text);
    }
    if (GROUP_ACTIONS.contains(action)) {
      return groups(text);
    }
    if (PROCESS_ACTIONS.contains(action)) {
      return processes(text);
    }
    return List.of();
  }

  /** Drops the cached process list: the next completion asks the server again. */
  void forget() {
    cached = null;
  }

  private List<String> actions(String text) {
    List<String> out = new ArrayList<>();
    for (String a : actions) {
      if (a.startsWith(text)) {
        out.add(a);
      }
    }
    return out;
  }

  private List<String> groups(String text) {
    List<String> out = new ArrayList<>();
    for (ProcessInfo p : infos()) {
      if (p.group().startsWith(text) && !out.contains(p.group())) {
        out.add(p.group());
      }
    }
    return out;
  }

  private List<String> processes(String text) {
    List<String> names = new ArrayList<>();
    for (ProcessInfo p : infos()) {
      if (text.contains(":") || !p.name().equals(p.group())) {
        names.add(p.group() + ":" + p.name());
        String all = p.group() + ":*";
        if (!names.contains(all)) {
          names.add(all);
        }
      } else {
        names.add(p.name());
      }
    }
    names.removeIf(n -> !n.startsWith(text));
    return names;
  }

  private List<ProcessInfo> infos() {
    if (cached == null) {
      try {
        cached = source.processes();
      } catch (RpcFault | ServerException | RuntimeException e) {
        // readline swallows a completer's exception: no server, no names
        return List.of();
      }
    }
    return cached;
  }
}
