/**
 * The launcher's C calls through jffi: {@link dev.jsupervisor.core.os.posix.libc.CFunction} (one C
 * function), {@link dev.jsupervisor.core.os.posix.libc.Libc} (the glibc functions the launcher calls)
 * and {@link dev.jsupervisor.core.os.posix.libc.NativeArena} (native memory for their arguments). Not
 * API: exported only so that the daemon (supervisor-app) binds its own few calls the same way.
 */
package dev.jsupervisor.core.os.posix.libc;
