package dev.jsupervisor.core.os.posix.libc;

import com.kenai.jffi.MemoryIO;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Native memory for the arguments of a few C calls, freed all at once by {@link #close} (use it in
 * try-with-resources around the calls). Addresses are plain longs, read and written through
 * {@link #MEMORY}. One thread at a time; an allocation that fails throws {@link OutOfMemoryError}.
 */
public final class NativeArena implements AutoCloseable {
  /** jffi's raw memory access (any thread). */
  public static final MemoryIO MEMORY = MemoryIO.getInstance();
  private static final int POINTER = Long.BYTES; // 64-bit ABIs only (the launcher checks)

  private long[] blocks = new long[4];
  private int count;

  /**
   * {@code size} bytes (at least one), zeroed when {@code clear}.
   *
   * @throws OutOfMemoryError when malloc fails
   */
  public long allocate(long size, boolean clear) {
    long address = MEMORY.allocateMemory(Math.max(1, size), clear);
    if (address == 0) {
      throw new OutOfMemoryError("malloc(" + size + ") failed");
    }
    if (count == blocks.length) {
      blocks = Arrays.copyOf(blocks, count * 2);
    }
    blocks[count++] = address;
    return address;
  }

  /** {@code length} bytes of {@code bytes} from {@code offset}, copied into this arena. */
  public long copy(byte[] bytes, int offset, int length) {
    long address = allocate(length, false);
    MEMORY.putByteArray(address, bytes, offset, length);
    return address;
  }

  /** A NUL-terminated UTF-8 copy of {@code s}. */
  public long cString(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    long address = allocate(b.length + 1L, false);
    MEMORY.putByteArray(address, b, 0, b.length);
    MEMORY.putByte(address + b.length, (byte) 0);
    return address;
  }

  /**
   * A NULL-terminated {@code char*[]} of NUL-terminated UTF-8 copies of {@code items}, table and
   * strings in one block (one allocation however many items).
   */
  public long cStringArray(List<String> items) {
    int n = items.size();
    byte[][] encoded = new byte[n][];
    long strings = 0;
    for (int i = 0; i < n; i++) {
      encoded[i] = items.get(i).getBytes(StandardCharsets.UTF_8);
      strings += encoded[i].length + 1;
    }
    long table = (long) (n + 1) * POINTER;
    long block = allocate(table + strings, false);
    long at = block + table;
    for (int i = 0; i < n; i++) {
      MEMORY.putAddress(block + (long) i * POINTER, at);
      MEMORY.putByteArray(at, encoded[i], 0, encoded[i].length);
      MEMORY.putByte(at + encoded[i].length, (byte) 0);
      at += encoded[i].length + 1;
    }
    MEMORY.putAddress(block + (long) n * POINTER, 0L);
    return block;
  }

  /** Frees every block; the arena can be used again afterwards. */
  @Override
  public void close() {
    for (int i = 0; i < count; i++) {
      MEMORY.freeMemory(blocks[i]);
    }
    count = 0;
  }
}
