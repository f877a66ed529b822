package dev.jsupervisor.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * jffi's native stub library ({@code libjffi-1.2.so}, under which jnr-ffi and {@link ExecCalls} call
 * libc), written next to the daemon jar at package time, so that neither of the daemon's two JVMs
 * extracts it from the jar to a temporary file at every start (a copy, a digest and a temp-file name
 * from {@code SecureRandom}: about 110 more JDK classes in the first JVM). The re-executing JVM points
 * jffi's {@code jffi.boot.library.path} at the jar's directory when the library is there and not older
 * than the jar, and passes the property on; otherwise (the jar was moved alone, another platform, the
 * user set the property) jffi does as it always does: a library that does not load there (another
 * platform's) makes it fall back to its own extraction too.
 *
 * <p>{@code java -cp supervisord.jar dev.jsupervisor.app.JffiStub JAR} writes it (the build's
 * {@code jffi-stub} execution, before the class-data-sharing archive); exit status 1 with a message
 * on stderr when it cannot.
 */
final class JffiStub {
  /** jffi's system property: directories where it looks for its stub library first. */
  static final String PROPERTY = "jffi.boot.library.path";

  /** The file name jffi loads ({@code jffi-MAJOR.MINOR} of the jffi the jar was built with). */
  static final String FILE = System.mapLibraryName(
      "jffi-" + com.kenai.jffi.Version.MAJOR + "." + com.kenai.jffi.Version.MINOR);

  private JffiStub() {}

  /**
   * The directory to give jffi for {@code jar}: the jar's own when the library lies beside it and is
   * not older than it. Empty when the user set {@link #PROPERTY} themselves. Main thread, once.
   */
  static Optional<Path> directoryFor(Optional<Path> jar) {
    if (System.getProperty(PROPERTY) != null || jar.isEmpty()) {
      return Optional.empty();
    }
    Path dir = jar.get().getParent();
    if (dir == null) {
      return Optional.empty();
    }
    Path lib = dir.resolve(FILE);
    try {
      if (!Files.isRegularFile(lib)
          || Files.getLastModifiedTime(lib).compareTo(Files.getLastModifiedTime(jar.get())) < 0) {
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(dir);
  }

  /**
   * Points jffi at the stub library beside {@code jar} ({@link #directoryFor}) and loads jffi, with the
   * default format locale set to en_US for that moment: jffi's class initialisation names its stub
   * library with {@code String.format("%d")}, which in any other locale loads the JDK's locale data
   * (~70 classes and the CLDR tables) that nothing else at start-up needs. A failure to load is left
   * to the first caller of jffi, which gets it again from jffi. Main thread, first thing, in both of the
   * daemon's JVMs (the default locale is global; no other thread of ours runs yet).
   *
   * @return the directory this set {@link #PROPERTY} to, to pass on to a re-executed JVM
   */
  static Optional<Path> load(Optional<Path> jar) {
    Optional<Path> dir = directoryFor(jar);
    if (dir.isPresent()) {
      System.setProperty(PROPERTY, dir.get().toString());
    }
    Locale format = Locale.getDefault(Locale.Category.FORMAT);
    Locale.setDefault(Locale.Category.FORMAT, Locale.US);
    try {
      com.kenai.jffi.MemoryIO.getInstance(); // loads the stub library (jffi's Foreign) first
    } catch (RuntimeException | LinkageError e) {
      // jffi keeps the failure and throws it again at its next use
    } finally {
      Locale.setDefault(Locale.Category.FORMAT, format);
    }
    return dir;
  }

  /** Where jffi keeps this platform's stub in its jar (and so in the shaded daemon jar). */
  static String jarEntry() {
    return "jni/" + com.kenai.jffi.internal.StubLoader.getPlatformName() + "/" + FILE;
  }

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: JffiStub JAR");
      System.exit(2);
    }
    Path jar = Path.of(args[0]).toAbsolutePath();
    Path target = jar.resolveSibling(FILE);
    String entry = jarEntry();
    try (JarFile jf = new JarFile(jar.toFile())) {
      Files.deleteIfExists(target); // never one of an earlier jar beside this one
      JarEntry e = jf.getJarEntry(entry);
      if (e == null) {
        System.out.println("JffiStub: no " + entry + " in " + jar + ": jffi extracts its own at run time");
        return;
      }
      try (InputStream in = jf.getInputStream(e)) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      System.err.println("JffiStub: cannot write " + target + ": " + e);
      System.exit(1);
    }
    System.out.println("JffiStub: wrote " + target);
  }
}
