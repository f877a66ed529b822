package dev.jsupervisor.config;

import dev.jsupervisor.config.values.Converters;
import dev.jsupervisor.config.values.ValueException;
import dev.jsupervisor.core.EventType;
import dev.jsupervisor.core.GroupSpec;
import dev.jsupervisor.core.ListenerPoolSpec;
import dev.jsupervisor.core.ProcessSpec;
import dev.jsupervisor.core.ResultHandler;
import dev.jsupervisor.core.StdoutEchoHandler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;

/**
 * supervisord's {@code process_groups_from_parser}: {@code [group:x]}, then {@code [program:x]}, then
 * {@code [eventlistener:x]}, then {@code [fcgi-program:x]} sections, in file order. A bad section is
 * recorded as a problem and skipped, so later sections are still checked. Loading thread only.
 */
final class GroupsReader {
  /** The one result handler of 4.2.5 (there is no json_rpc_handler); any other callable cannot be resolved. */
  static final String DEFAULT_RESULT_HANDLER = "supervisor.dispatchers:default_handler";
  static final String STDOUT_RESULT_HANDLER = "supervisor_stdout:event_handler";

  private final LoadContext ctx;
  final List<GroupSpec> groups = new ArrayList<>();
  final List<FcgiProgramSpec> fcgi = new ArrayList<>();
  private final Set<String> inGroups = new HashSet<>();

  GroupsReader(LoadContext ctx) {
    this.ctx = ctx;
  }

  void read() {
    List<String> sections = ctx.doc.sectionNames();
    for (String s : sections) {
      if (s.startsWith("group:")) {
        guarded(s, () -> heterogeneous(s, sections));
      }
    }
    for (String s : sections) {
      if (s.startsWith("program:") && !inGroups.contains(s)) {
        guarded(s, () -> homogeneous(s));
      }
    }
    for (String s : sections) {
      if (s.startsWith("eventlistener:")) {
        guarded(s, () -> listener(s));
      }
    }
    for (String s : sections) {
      if (s.startsWith("fcgi-program:") && !inGroups.contains(s)) {
        guarded(s, () -> fcgiProgram(s));
      }
    }
    groups.sort(Comparator.comparingInt(GroupSpec::priority).thenComparing(GroupSpec::name));
  }

  private void guarded(String section, Supplier<Object> body) {
    try {
      body.get();
    } catch (SectionError e) {
      ctx.problems.add(new ConfigProblem(ctx.displayFile(e.section), ctx.line(e.section, e.key), e.section, e.key,
          e.getMessage()));
    } catch (IllegalArgumentException e) {
      ctx.problem(section, "", e.getMessage());
    }
  }

  private String get(String section, String key, String dflt) {
    return ctx.get(section, key, dflt, java.util.Map.of(), false);
  }

  private Object heterogeneous(String section, List<String> all) {
    String name = Converters.processOrGroupName(section.split(":", 2)[1]);
    List<String> programs = Converters.listOfStrings(get(section, "programs", null));
    int priority = Converters.intValue(get(section, "priority", "999"));
    List<ProcessSpec> processes = new ArrayList<>();
    // supervisord reuses its loop variable, so later messages name the previous member's section
    String named = section;
    for (String program : programs) {
      String p = "program:" + program;
      String f = "fcgi-program:" + program;
      if (!all.contains(p) && !all.contains(f)) {
        throw new ValueException("[" + named + "] names unknown program or fcgi-program " + program);
      }
      if (all.contains(p) && all.contains(f)) {
        throw new ValueException("[" + named + "] name " + program
            + " is ambiguous (exists as program and fcgi-program)");
      }
      String member = all.contains(p) ? p : f;
      named = member;
      inGroups.add(member);
      processes.addAll(new ProgramReader(ctx, member, name, ProgramReader.Kind.PROGRAM).read());
    }
    groups.add(new GroupSpec(name, priority, processes));
    return null;
  }

  private Object homogeneous(String section) {
    String name = Converters.processOrGroupName(section.split(":", 2)[1]);
    int priority = Converters.intValue(ctx.get(section, "priority", "999", java.util.Map.of(), true));
    groups.add(new GroupSpec(name, priority,
        new ProgramReader(ctx, section, name, ProgramReader.Kind.PROGRAM).read()));
    return null;
  }

  private Object listener(String section) {
    String pool = section.split(":", 2)[1];
    int priority = Converters.intValue(get(section, "priority", "-1"));
    int bufferSize = Converters.intValue(get(section, "buffer_size", "10"));
    if (bufferSize < 1) {
      throw new ValueException("[" + section + "] section sets invalid buffer_size (" + bufferSize + ")");
    }
    String handlerName = get(section, "result_handler", DEFAULT_RESULT_HANDLER).strip();
    ResultHandler handler = switch (handlerName) {
      case DEFAULT_RESULT_HANDLER -> ResultHandler.DEFAULT;
      case STDOUT_RESULT_HANDLER -> new StdoutEchoHandler(System.out);
      // supervisord's text; no Python runs here, so only the two handlers above resolve
      default -> throw new ValueException(handlerName + " cannot be resolved within [" + section + "]");
    };
    Set<EventType> events = EnumSet.noneOf(EventType.class);
    for (String e : Converters.listOfStrings(get(section, "events", ""))) {
      String name = e.toUpperCase(Locale.ROOT);
      events.add(EventType.byName(name).orElseThrow(
          () -> new ValueException("Unknown event type " + name + " in [" + section + "] events")));
    }
    if (events.isEmpty()) {
      throw new ValueException("[" + section + "] section requires an \"events\" line");
    }
    if (Converters.bool(get(section, "redirect_stderr", "false"))) {
      throw new ValueException("[" + section + "] section sets redirect_stderr=true but this is not allowed "
          + "because it will interfere with the eventlistener protocol");
    }
    List<ProcessSpec> processes = new ProgramReader(ctx, section, pool, ProgramReader.Kind.LISTENER).read();
    groups.add(new GroupSpec(pool, priority, processes, Optional.of(new ListenerPoolSpec(events, bufferSize, handler))));
    return null;
  }

  private Object fcgiProgram(String section) {
    FcgiSocketReader socket = new FcgiSocketReader(ctx, section);
    String name = socket.programName;
    int priority = Converters.intValue(ctx.get(section, "priority", "999", java.util.Map.of(), true));
    socket.read();
    List<ProcessSpec> processes = new ProgramReader(ctx, section, name, ProgramReader.Kind.FCGI).read();
    fcgi.add(new FcgiProgramSpec(new GroupSpec(name, priority, processes), socket.socket, socket.backlog,
        Optional.ofNullable(socket.owner), socket.mode));
    groups.add(GroupSpec.fcgi(name, priority, processes, socket.spec()));
    return null;
  }

  /** The socket keys of an fcgi-program, with supervisord's (odd, tuple-shaped) messages. */
  private static final class FcgiSocketReader {
    final LoadContext ctx;
    final String section;
    final String programName;
    String socket;
    OptionalInt backlog = OptionalInt.empty();
    String owner;
    OptionalInt mode = OptionalInt.empty();
    Integer procUid;

    FcgiSocketReader(LoadContext ctx, String section) {
      this.ctx = ctx;
      this.section = section;
      this.programName = Converters.processOrGroupName(section.split(":", 2)[1]);
    }

    /**
     * The socket as the engine makes it. A unix socket without {@code socket_owner} whose program
     * runs as another {@code user} belongs to that user and its primary group, as supervisord's.
     */
    dev.jsupervisor.core.SharedSocketSpec spec() {
      OptionalInt uid = OptionalInt.empty();
      OptionalInt gid = OptionalInt.empty();
      if (owner != null) {
        int[] ug = Converters.userGroup(owner, ctx.users);
        uid = OptionalInt.of(ug[0]);
        gid = ug[1] < 0 ? OptionalInt.empty() : OptionalInt.of(ug[1]);
      } else if (socket.startsWith("unix://") && procUid != null && procUid != currentUid()) {
        uid = OptionalInt.of(procUid);
        Optional<Integer> g = ctx.users.primaryGidOf(procUid);
        gid = g.isPresent() ? OptionalInt.of(g.get()) : OptionalInt.empty();
      }
      return new dev.jsupervisor.core.SharedSocketSpec(socket, backlog, uid, gid, mode);
    }

    private static int currentUid() {
      try {
        return (Integer) java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid");
      } catch (java.io.IOException | RuntimeException e) {
        return -1;
      }
    }

    private String get(String key, java.util.Map<String, Object> extra) {
      return ctx.get(section, key, null, extra, true);
    }

    void read() {
      String user = get("user", java.util.Map.of());
      if (user != null) {
        procUid = Converters.nameToUid(user, ctx.users);
      }
      String b = get("socket_backlog", java.util.Map.of());
      if (b != null) {
        int v = Converters.intValue(b);
        if (v < 1 || v > 65535) {
          throw new ValueException("Invalid socket_backlog value " + v);
        }
        backlog = OptionalInt.of(v);
      }
      owner = get("socket_owner", java.util.Map.of());
      if (owner != null) {
        try {
          Converters.userGroup(owner, ctx.users);
        } catch (ValueException e) {
          throw new ValueException("Invalid socket_owner value " + owner);
        }
      }
      String m = get("socket_mode", java.util.Map.of());
      if (m != null) {
        try {
          mode = OptionalInt.of(Converters.octal(m));
        } catch (ValueException e) {
          throw new ValueException("Invalid socket_mode value " + m);
        }
      }
      socket = get("socket", java.util.Map.of("program_name", programName));
      if (socket == null || socket.isEmpty()) {
        throw new ValueException("[" + section + "] section requires a \"socket\" line");
      }
      parseSocket();
    }

    private void parseSocket() {
      String tail = " in [" + section + "] socket";
      if (socket.startsWith("unix://")) {
        String path = socket.substring(7);
        if (!path.startsWith("/")) {
          throw new ValueException("('Unix socket path %s is not an absolute path', "
              + dev.jsupervisor.config.values.PythonRepr.of(path) + ")" + tail);
        }
        socket = "unix://" + ctx.normalizePath(path);
        if (mode.isEmpty()) {
          mode = OptionalInt.of(0700);
        }
        return;
      }
      if (owner != null || mode.isPresent()) {
        throw new ValueException("socket_owner and socket_mode params should only be used with a Unix domain socket"
            + tail);
      }
      java.util.regex.Matcher mt = java.util.regex.Pattern.compile("tcp://([^\\s:]+):(\\d+)").matcher(socket);
      if (!mt.matches()) {
        throw new ValueException("('Bad socket format %s', " + dev.jsupervisor.config.values.PythonRepr.of(socket)
            + ")" + tail);
      }
      try {
        Converters.portNumber(mt.group(2));
      } catch (ValueException e) {
        throw new ValueException(e.getMessage() + tail);
      }
      socket = "tcp://" + mt.group(1).toLowerCase(Locale.ROOT) + ":" + Integer.parseInt(mt.group(2));
    }
  }
}
