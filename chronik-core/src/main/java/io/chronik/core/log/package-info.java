/**
 * Partition logs over the WAL plugin: one {@link io.chronik.spi.wal.WalLog} per partition holding
 * Kafka v2 record batches as produced, with only the broker-owned header fields patched.
 */
package io.chronik.core.log;
