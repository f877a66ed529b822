/**
 * The embeddable engine. Exported: the API ({@code dev.jsupervisor.core}), the launcher SPI
 * ({@code dev.jsupervisor.core.spi}) and log capture/reading ({@code dev.jsupervisor.core.log}).
 * The Linux launcher ({@code dev.jsupervisor.core.os.posix}) stays inside. Its libc binding
 * ({@code dev.jsupervisor.core.os.posix.libc}, not API) is exported to everyone: jnr-ffi implements
 * it at run time in an unnamed module of its own class loader, which a qualified export cannot name
 * (with it the launcher failed to load on the module path).
 */
module dev.jsupervisor.core {
  requires org.jnrproject.ffi;
  requires org.jnrproject.posix;
  requires org.jnrproject.constants;
  // jnr-ffi (an automatic module) generates its bindings with ASM, an explicit module that nothing
  // else would resolve on the module path
  requires org.objectweb.asm;

  exports dev.jsupervisor.core;
  exports dev.jsupervisor.core.spi;
  exports dev.jsupervisor.core.log;
  exports dev.jsupervisor.core.os.posix to org.jnrproject.ffi;
  exports dev.jsupervisor.core.os.posix.libc;
}
