package io.chronik.core.log;

/**
 * The first record at or after a timestamp.
 *
 * @param timestamp the record's timestamp
 * @param offset    the record's offset
 */
public record TimestampOffset(long timestamp, long offset) {
}
