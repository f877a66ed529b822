package dev.jsupervisor.core.os.posix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsupervisor.core.os.posix.libc.NativeArena;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

final class NativeStringsTest {
  private static final com.kenai.jffi.MemoryIO M = NativeArena.MEMORY;

  @Test
  void cStringArray_isANullTerminatedTableOfUtf8Strings_inOneBlock() {
    try (NativeArena arena = new NativeArena()) {
      long block = arena.cStringArray(List.of("/bin/echo", "", "é=ü"));
      assertThat(string(M.getAddress(block))).isEqualTo("/bin/echo");
      assertThat(string(M.getAddress(block + 8))).isEmpty();
      assertThat(string(M.getAddress(block + 16))).isEqualTo("é=ü");
      assertThat(M.getAddress(block + 24)).isZero();
      // the strings follow the table in the same block
      assertThat(M.getAddress(block)).isEqualTo(block + 32);
      assertThat(M.getAddress(block + 16)).isEqualTo(block + 32 + "/bin/echo".length() + 1 + 1);
    }
  }

  @Test
  void cStringArray_empty_isOnlyTheNull() {
    try (NativeArena arena = new NativeArena()) {
      assertThat(M.getAddress(arena.cStringArray(List.of()))).isZero();
    }
  }

  @Test
  void cString_isNulTerminatedUtf8() {
    try (NativeArena arena = new NativeArena()) {
      long s = arena.cString("größe");
      assertThat(string(s)).isEqualTo("größe");
      assertThat(M.getByte(s + "größe".getBytes(StandardCharsets.UTF_8).length)).isZero();
    }
  }

  @Test
  void arena_growsPastItsFirstBlocks_andCanBeUsedAgainAfterClose() {
    NativeArena arena = new NativeArena();
    for (int round = 0; round < 2; round++) {
      long[] blocks = new long[20];
      for (int i = 0; i < blocks.length; i++) {
        blocks[i] = arena.allocate(16, true);
        M.putInt(blocks[i], i);
      }
      for (int i = 0; i < blocks.length; i++) {
        assertThat(M.getInt(blocks[i])).isEqualTo(i);
      }
      arena.close();
    }
  }

  private static String string(long address) {
    return new String(M.getZeroTerminatedByteArray(address), StandardCharsets.UTF_8);
  }
}
