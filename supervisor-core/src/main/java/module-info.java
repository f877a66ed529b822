/**
 * The embeddable engine. Exported: the API ({@code dev.jsupervisor.core}), the launcher SPI
 * ({@code dev.jsupervisor.core.spi}) and log capture/reading ({@code dev.jsupervisor.core.log}).
 * The Linux launcher ({@code dev.jsupervisor.core.os.posix}) and its C calls
 * ({@code dev.jsupervisor.core.os.posix.libc}, through jffi) stay inside.
 */
module dev.jsupervisor.core {
  requires org.jnrproject.jffi;
  requires org.jnrproject.constants;
  // user switching looks users up through jnr-posix, which binds libc through jnr-ffi; jnr-ffi (an
  // automatic module) generates that binding with ASM, an explicit module that nothing else would
  // resolve on the module path
  requires org.jnrproject.posix;
  requires org.jnrproject.ffi;
  requires org.objectweb.asm;

  exports dev.jsupervisor.core;
  exports dev.jsupervisor.core.spi;
  exports dev.jsupervisor.core.log;
}
