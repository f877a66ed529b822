/**
 * supervisord's value types ({@code datatypes.py}) and its {@code %(name)s} expansions, with Python's
 * exact error texts. Everything here is stateless and thread-safe; failures are {@link
 * dev.jsupervisor.config.values.ValueException}s whose message is the text supervisord prints.
 */
package dev.jsupervisor.config.values;
