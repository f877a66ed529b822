package dev.jsupervisor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that is itself a named module ({@code requires dev.jsupervisor.core;}) and runs
 * with the engine and its jnr dependencies on the module path, nothing else: it starts a real
 * program through the Linux launcher and sees it RUNNING. (The launcher's jnr-ffi binding once
 * failed to load there: jnr-ffi implements it in an unnamed module the module could not export to.)
 */
@Tag("integration")
final class ModulePathEmbeddingTest {
  private static final String MAIN = String.join("\n",
      "package demo;",
      "import dev.jsupervisor.core.*;",
      "import java.util.concurrent.TimeUnit;",
      "public final class Main {",
      "  public static void main(String[] args) throws Exception {",
      "    ProcessSpec p = ProcessSpec.builder(\"sleeper\", \"/bin/sleep 30\")",
      "        .startsecs(java.time.Duration.ZERO).stdout(LogSpec.NONE).stderr(LogSpec.NONE).build();",
      "    Supervisor s = Supervisor.builder().group(GroupSpec.single(p)).build();",
      "    s.startAsync();",
      "    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);",
      "    ProcessInfo info = s.snapshot().processes().get(0);",
      "    while (info.state() != ProcessState.RUNNING && System.nanoTime() < deadline) {",
      "      Thread.sleep(50);",
      "      info = s.snapshot().processes().get(0);",
      "    }",
      "    System.out.println(\"state=\" + info.state() + \" pid=\" + info.pid());",
      "    s.stopAsync().get(20, TimeUnit.SECONDS);",
      "  }",
      "}",
      "");

  @TempDir Path dir;

  @Test
  @Timeout(60)
  void aNamedModuleApplication_launchesAProgram_withTheEngineOnTheModulePath() throws Exception {
    String modulePath = engineModulePath();
    Path src = Files.createDirectories(dir.resolve("src/demo/demo"));
    Files.writeString(src.getParent().resolve("module-info.java"), "module demo { requires dev.jsupervisor.core; }\n");
    Files.writeString(src.resolve("Main.java"), MAIN);
    Path classes = dir.resolve("classes");
    int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--module-path", modulePath,
        "-d", classes.toString(), src.getParent().resolve("module-info.java").toString(), src.resolve("Main.java").toString());
    assertThat(compiled).as("javac of the demo module").isZero();

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process run = new ProcessBuilder(java.toString(), "--module-path", modulePath + File.pathSeparator + classes,
        "-m", "demo/demo.Main").redirectErrorStream(true).start();
    assertThat(run.waitFor(45, TimeUnit.SECONDS)).as("the demo ends").isTrue();
    String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.exitValue()).as(out).isZero();
    assertThat(out).containsPattern("state=RUNNING pid=[1-9][0-9]*");
  }

  /** supervisor-core and the jnr/ASM jars it needs, from this test's own class path. */
  private static String engineModulePath() {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> entries = new ArrayList<>();
    for (String e : cp.split(File.pathSeparator)) {
      String p = e.replace('\\', '/');
      boolean engine = p.contains("supervisor-core") && !p.contains("test-classes") && !p.endsWith("-tests.jar");
      if (engine || p.contains("/com/github/jnr/")
          || p.contains("/org/ow2/asm/")) {
        entries.add(e);
      }
    }
    assertThat(entries).as("engine entries of %s", cp).anyMatch(e -> e.contains("supervisor-core"));
    return String.join(File.pathSeparator, entries);
  }
}
