package dev.jsupervisor.ctl;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The classpath of supervisorctl.jar as built from this module: our classes and JLine's jars. */
final class CtlClasspath {
  private CtlClasspath() {}

  static List<String> entries() throws URISyntaxException {
    List<String> out = new ArrayList<>();
    for (Class<?> c : List.of(SupervisorCtl.class, org.jline.reader.LineReader.class,
        org.jline.terminal.Terminal.class, org.jline.terminal.impl.jni.JniTerminalProvider.class,
        org.jline.nativ.JLineNativeLoader.class)) {
      out.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    }
    return out;
  }
}
