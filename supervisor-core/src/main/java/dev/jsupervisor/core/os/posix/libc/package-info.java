/**
 * The libc binding of the Linux launcher ({@link dev.jsupervisor.core.os.posix.libc.Libc}). Not API:
 * exported by the module only because jnr-ffi implements the interface in a class of its own
 * class loader's unnamed module, which must be able to see it; on the class path that is
 * automatic, on the module path a qualified export cannot name that module.
 */
package dev.jsupervisor.core.os.posix.libc;
