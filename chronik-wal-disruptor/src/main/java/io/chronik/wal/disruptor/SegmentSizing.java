package io.chronik.wal.disruptor;

/**
 * How large a log's segment files grow: the size at which the log rolls to a new segment
 * ({@code wal.segment.bytes}), and how many bytes of zeros a file is extended by ahead of its records
 * ({@code wal.disruptor.preallocate.bytes}, 0 for none; see {@link SegmentFile}).
 */
record SegmentSizing(long segmentBytes, long preallocateBytes) {
}
