package dev.jsupervisor.config;

/** A section that cannot be read; the message is final (supervisord's text, suffix included). */
final class SectionError extends RuntimeException {
  final String section;
  final String key;

  SectionError(String section, String key, String message) {
    super(message, null, false, false);
    this.section = section;
    this.key = key == null ? "" : key;
  }
}
