/**
 * The INI dialect of Python's {@code RawConfigParser} as supervisord configures it ({@code strict=False},
 * inline comments {@code ;}/{@code #} after whitespace, indented continuation lines, a {@code [DEFAULT]}
 * section, lower-cased keys, last duplicate wins). Values are kept raw (no {@code %} expansion) with the
 * file and line they were written on.
 */
package dev.jsupervisor.config.ini;
