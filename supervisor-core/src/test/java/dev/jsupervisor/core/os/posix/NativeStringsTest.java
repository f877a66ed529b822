package dev.jsupervisor.core.os.posix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

final class NativeStringsTest {

  @Test
  void cStringArray_isANullTerminatedTableOfUtf8Strings_inOneBlock() {
    Pointer block = Native.cStringArray(List.of("/bin/echo", "", "é=ü"));
    int ptr = Native.RUNTIME.addressSize();
    assertThat(block.getPointer(0).getString(0)).isEqualTo("/bin/echo");
    assertThat(block.getPointer(ptr).getString(0)).isEmpty();
    assertThat(new String(bytes(block.getPointer(2L * ptr)), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("é=ü");
    assertThat(block.getAddress(3L * ptr)).isZero();
    long first = block.getAddress(0);
    assertThat(first).isBetween(block.address(), block.address() + block.size()); // strings live in the block
  }

  @Test
  void cStringArray_empty_isOnlyTheNull() {
    Pointer block = Native.cStringArray(List.of());
    assertThat(block.getAddress(0)).isZero();
  }

  private static byte[] bytes(Pointer p) {
    int n = 0;
    while (p.getByte(n) != 0) {
      n++;
    }
    byte[] b = new byte[n];
    p.get(0, b, 0, n);
    return b;
  }
}
