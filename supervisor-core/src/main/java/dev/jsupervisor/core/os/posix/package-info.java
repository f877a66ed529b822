/**
 * The Linux process launcher: posix_spawn, pipes, process groups, user switching and one epoll I/O
 * thread for every child. With {@code os.posix.libc}, the only package that uses jnr (jnr-ffi and
 * jnr-posix); nothing of jnr appears in its public signatures.
 */
package dev.jsupervisor.core.os.posix;
