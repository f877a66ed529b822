/**
 * The embeddable engine. Exported: the API ({@code dev.jsupervisor.core}), the launcher SPI
 * ({@code dev.jsupervisor.core.spi}) and log capture/reading ({@code dev.jsupervisor.core.log}).
 * The Linux launcher ({@code dev.jsupervisor.core.os.posix}) stays inside; only jnr-ffi, which
 * implements its libc binding at run time, may reach it.
 */
module dev.jsupervisor.core {
  requires org.jnrproject.ffi;
  requires org.jnrproject.posix;
  requires org.jnrproject.constants;

  exports dev.jsupervisor.core;
  exports dev.jsupervisor.core.spi;
  exports dev.jsupervisor.core.log;
  exports dev.jsupervisor.core.os.posix to org.jnrproject.ffi;
}
