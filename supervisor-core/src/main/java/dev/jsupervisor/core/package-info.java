/**
 * The embeddable engine's public API — {@link dev.jsupervisor.core.Supervisor} built from
 * {@link dev.jsupervisor.core.ProcessSpec}/{@link dev.jsupervisor.core.GroupSpec}, immutable
 * {@link dev.jsupervisor.core.SupervisorSnapshot}s and {@link dev.jsupervisor.core.SupervisorEvent}s —
 * and, package-private, the engine itself: one loop thread ({@code SupervisorLoop}) owns every
 * process state machine ({@code SupervisedProcess}); other threads post to it and wait on futures.
 * No HTTP, XML or INI in here.
 */
package dev.jsupervisor.core;
