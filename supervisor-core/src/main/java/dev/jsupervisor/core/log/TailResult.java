package dev.jsupervisor.core.log;

/**
 * What supervisord's {@code tailProcessStdoutLog} returns.
 *
 * @param bytes the bytes read
 * @param offset the file size at the time of reading (the offset to ask from next time)
 * @param overflow whether more than {@code length} bytes were new since the requested offset
 */
public record TailResult(byte[] bytes, long offset, boolean overflow) {}
