package dev.jsupervisor.app;

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
 * terminated so no descendant outlives the daemon. Called from the daemon's main thread only (its
 * loop reaps after a SIGCHLD, or every two seconds when the JVM kept its signals); /proc is read
 * fresh each time.
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

  /**
   * Reaps orphan zombies seen in the previous scan too.
   *
   * @return whether a zombie was seen for the first time (it is reaped by the next scan)
   */
  synchronized boolean reapZombies() {
    Set<Integer> zombies = orphans(true);
    boolean newOnes = false;
    for (int pid : zombies) {
      if (zombiesSeenLastTime.contains(pid)) {
        os.reapIfZombie(pid);
      } else {
        newOnes = true;
      }
    }
    zombiesSeenLastTime = zombies;
    return newOnes;
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
      Set<Integer> live = orphans(false);
      if (live.isEmpty()) {
        break;
      }
      terminated += live.size();
      for (int pid : live) {
        os.kill(pid, round == 0 ? 15 : 9);
      }
      waitBriefly();
      for (int pid : orphans(true)) {
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

  /**
   * Our children that are not programs, zombies only or live ones only. The kernel lists each
   * thread's children in /proc/self/task/<tid>/children, so this reads a few small files plus the
   * stat of each orphan, never the whole process table (which cost real CPU with 1000 programs).
   */
  private Set<Integer> orphans(boolean zombies) {
    Set<Integer> children = new HashSet<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Integer.toString(self), "task"))) {
      for (Path task : tasks) {
        try {
          for (String pid : Files.readString(task.resolve("children")).trim().split("\\s+")) {
            if (!pid.isEmpty()) {
              children.add(Integer.parseInt(pid));
            }
          }
        } catch (IOException e) {
          // thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return Set.of(); // no /proc: nothing we can do
    }
    children.removeAll(programPids.get());
    Set<Integer> result = new HashSet<>();
    for (int pid : children) {
      String stat;
      try {
        stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
      } catch (IOException e) {
        continue; // reaped meanwhile
      }
      // pid (comm) state ...; comm may contain spaces and parentheses
      boolean zombie = stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
      if (zombie == zombies) {
        result.add(pid);
      }
    }
    return result;
  }
}
