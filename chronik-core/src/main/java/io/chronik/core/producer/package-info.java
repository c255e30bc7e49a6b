/**
 * Idempotent producers: {@link io.chronik.core.producer.ProducerIdAllocator} hands out producer ids
 * reserved in blocks in the metadata log, and one {@link io.chronik.core.producer.ProducerStateTable}
 * per partition checks each batch's producer epoch and sequence numbers so that a retried batch is
 * stored once and acknowledged with its original offsets.
 */
package io.chronik.core.producer;
