package dev.jsupervisor.core.log;

import dev.jsupervisor.core.spi.OutputSink;
import java.nio.charset.StandardCharsets;

/**
 * Every {@link ProcessLogFormatTest} case again with each chunk handed over as the launcher does
 * ({@link Splices}): raw logs rotated by time and size, with gzip, get spliced bytes.
 */
final class ProcessLogFormatSplicedTest extends ProcessLogFormatTest {
  @Override
  void write(OutputSink log, String s) {
    if (log instanceof ProcessLog p) {
      Splices.handOver(p, s.getBytes(StandardCharsets.UTF_8));
    } else {
      super.write(log, s);
    }
  }
}
