/**
 * The Linux process launcher: posix_spawn, pipes, process groups, user switching and one epoll I/O
 * thread for every child. The only package that uses jnr (jnr-ffi and jnr-posix); nothing of jnr
 * appears in its public signatures except {@link dev.jsupervisor.core.os.posix.Libc}, which is
 * public only because jnr-ffi generates its implementation in another class loader.
 */
package dev.jsupervisor.core.os.posix;
