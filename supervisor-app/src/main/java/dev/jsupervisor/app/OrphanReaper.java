package dev.jsupervisor.app;

import dev.jsupervisor.core.os.posix.PosixSystem;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Looks after processes that became our children without being programs: as a child subreaper
 * (and as PID 1 in a container) the daemon inherits the orphaned grandchildren of its programs.
 * Zombies among them are reaped (only pids that are not programs, and only once seen twice, so
 * the launcher's own reaping of program pids is never raced); at shutdown the live ones are
 * terminated so no descendant outlives the daemon. Called from the daemon's main thread and from a
 * timer thread; /proc is read fresh each time.
 */
final class OrphanReaper {
  private final PosixSystem os;
  private final int self;
  private final Supplier<Set<Integer>> programPids;
  private Set<Integer> zombiesSeenLastTime = new HashSet<>();

  OrphanReaper(PosixSystem os, Supplier<Set<Integer>> programPids) {
    this.os = os;
    this.self = os.pid();
    this.programPids = programPids;
  }

  /** Reaps orphan zombies seen in the previous scan too. */
  synchronized void reapZombies() {
    Set<Integer> programs = programPids.get();
    Set<Integer> zombies = new HashSet<>();
    for (int pid : children(true)) {
      if (!programs.contains(pid)) {
        zombies.add(pid);
      }
    }
    for (int pid : zombies) {
      if (zombiesSeenLastTime.contains(pid)) {
        os.reapIfZombie(pid);
      }
    }
    zombiesSeenLastTime = zombies;
  }

  /**
   * After every program has stopped: TERM, then KILL, every remaining child (re-parented
   * grandchildren), repeating while new orphans appear, then reaps them.
   *
   * @return how many processes had to be terminated
   */
  int terminateOrphans() {
    int terminated = 0;
    for (int round = 0; round < 10; round++) {
      Set<Integer> live = children(false);
      live.removeAll(programPids.get());
      if (live.isEmpty()) {
        break;
      }
      terminated += live.size();
      for (int pid : live) {
        os.kill(pid, round == 0 ? 15 : 9);
      }
      waitBriefly();
      for (int pid : children(true)) {
        os.reapIfZombie(pid);
      }
    }
    return terminated;
  }

  private static void waitBriefly() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Our children from /proc: zombies only, or live (non-zombie) ones only. */
  private Set<Integer> children(boolean zombies) {
    Set<Integer> result = new HashSet<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : dir) {
        String stat;
        try {
          stat = Files.readString(p.resolve("stat"));
        } catch (IOException e) {
          continue; // exited meanwhile
        }
        // pid (comm) state ppid ...; comm may contain spaces and parentheses
        int close = stat.lastIndexOf(')');
        String[] f = stat.substring(close + 2).split(" ");
        int ppid = Integer.parseInt(f[1]);
        boolean zombie = f[0].equals("Z");
        if (ppid == self && zombie == zombies) {
          result.add(Integer.parseInt(p.getFileName().toString()));
        }
      }
    } catch (IOException e) {
      // no /proc: nothing we can do
    }
    return result;
  }
}
