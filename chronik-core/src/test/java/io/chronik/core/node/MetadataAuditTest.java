package io.chronik.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.api.MetadataEntry;
import io.chronik.core.metadata.MetadataCommand;
import io.chronik.core.cluster.SoleVoterWrites;
import io.chronik.testkit.wal.MemoryWal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class MetadataAuditTest {

    private final MemoryWal wal = new MemoryWal(new MemoryWal.Storage(), 1 << 16);
    /** Everything written is committed: the quorum of one that wrote it has closed. */
    private final MetadataAudit audit = new MetadataAudit(wal, () -> Long.MAX_VALUE, Map::of);
    private final Uuid orders = Uuid.randomUuid();

    /** A leader-change entry at offset 0 (node 1 takes term 1), then six commands at offsets 1-6. */
    private void writeHistory() throws Exception {
        SoleVoterWrites.commit(wal, 1,
                MetadataCommand.CreateTopic.of("orders", orders, List.of(List.of(1), List.of(1), List.of(1)),
                        Map.of("retention.ms", "60000")),
                new MetadataCommand.AllocateProducerIds(0, 1000),
                new MetadataCommand.AlterTopicConfigs(orders, new TreeMap<>(Map.of("cleanup.policy", "delete"))),
                new MetadataCommand.CreatePartitions(orders, 5, List.of(List.of(1), List.of(1))),
                new MetadataCommand.AdvanceLogStart(orders, 1, 42),
                new MetadataCommand.DeleteTopic(orders));
    }

    @Test
    void describesEveryCommittedEntryInOrder() throws Exception {
        java.time.Instant before = java.time.Instant.now().minusMillis(1);
        writeHistory();
        List<MetadataEntry> entries = audit.entries(0, 100);
        assertThat(entries).extracting(MetadataEntry::offset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(entries).allSatisfy(entry -> assertThat(entry.term()).isOne());
        assertThat(entries.get(0).timestamp()).as("a leader change records no time").isEmpty();
        assertThat(entries.subList(1, entries.size())).allSatisfy(entry -> assertThat(entry.timestamp())
                .hasValueSatisfying(t -> assertThat(t).isBetween(before, java.time.Instant.now())));
        assertThat(entries).extracting(MetadataEntry::type).containsExactly("LeaderChange", "CreateTopic",
                "AllocateProducerIds", "AlterTopicConfigs", "CreatePartitions", "AdvanceLogStart", "DeleteTopic");
        assertThat(entries).extracting(MetadataEntry::content).containsExactly(
                "node 1 leads term 1",
                "topic orders (id " + orders + ") with 3 partitions on replicas [[1], [1], [1]],"
                        + " configs {retention.ms=60000}",
                "producer ids 0 to 999",
                "topic orders (id " + orders + "): configs now {cleanup.policy=delete}",
                "topic orders (id " + orders + ") grows to 5 partitions, new ones on replicas [[1], [1]]",
                "topic orders (id " + orders + ") partition 1: log start offset 42",
                "topic orders (id " + orders + ")");
    }

    @Test
    void pagesFromAnOffsetAndStillNamesTopicsCreatedBefore() throws Exception {
        writeHistory();
        List<MetadataEntry> page = audit.entries(4, 2);
        assertThat(page).extracting(MetadataEntry::offset).containsExactly(4L, 5L);
        assertThat(page.get(0).content()).startsWith("topic orders ");
        assertThat(audit.entries(6, 10)).extracting(MetadataEntry::type).containsExactly("DeleteTopic");
        assertThat(audit.entries(7, 10)).isEmpty();
    }

    @Test
    void namesALiveTopicWhoseCreationTheLogNoLongerHolds() throws Exception {
        writeHistory();
        wal.open(io.chronik.core.cluster.MetadataQuorum.LOG_NAME).deleteBefore(3).join(); // a snapshot covers offsets 0-2
        MetadataAudit afterSnapshot = new MetadataAudit(wal, () -> Long.MAX_VALUE, () -> Map.of(orders, "orders"));
        List<MetadataEntry> entries = afterSnapshot.entries(0, 100);
        assertThat(entries).extracting(MetadataEntry::offset).containsExactly(3L, 4L, 5L, 6L);
        assertThat(entries.get(0).content()).startsWith("topic orders (id " + orders + ")");
        assertThat(audit.entries(3, 1).get(0).content()).as("without the live names")
                .startsWith("topic id " + orders);
    }

    @Test
    void stopsAtTheCommitPoint() throws Exception {
        writeHistory();
        MetadataAudit committedToTwo = new MetadataAudit(wal, () -> 2, Map::of);
        assertThat(committedToTwo.entries(0, 100)).extracting(MetadataEntry::offset).containsExactly(0L, 1L);
    }

    @Test
    void rejectsBadRanges() {
        assertThatThrownBy(() -> audit.entries(-1, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset -1");
        assertThatThrownBy(() -> audit.entries(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> audit.entries(0, 1001)).isInstanceOf(IllegalArgumentException.class);
        assertThat(audit.entries(0, 10)).isEmpty();
    }
}
