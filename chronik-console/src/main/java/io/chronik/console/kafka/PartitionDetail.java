package io.chronik.console.kafka;

import java.util.List;

/**
 * One partition of a topic, as its leader reports it.
 *
 * @param partition      the partition index
 * @param leader         the leader's node id, -1 while it has none
 * @param replicas       the replicas' node ids, preferred leader first
 * @param isr            the in-sync replicas' node ids
 * @param logStartOffset the first readable offset
 * @param logEndOffset   the offset after the leader's last record, committed or not
 * @param highWatermark  the offset after the last committed record: what consumers can read
 * @param sizeBytes      the bytes the leader stores for it
 */
public record PartitionDetail(int partition, int leader, List<Integer> replicas, List<Integer> isr, long logStartOffset,
                              long logEndOffset, long highWatermark, long sizeBytes) {

    public PartitionDetail {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    /** Records between the log start and the high watermark. */
    public long records() {
        return highWatermark - logStartOffset;
    }
}
