package io.chronik.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.api.MetadataEntry;
import io.chronik.core.metadata.MetadataCommand;
import io.chronik.core.metadata.MetadataLog;
import io.chronik.testkit.wal.MemoryWal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class MetadataAuditTest {

    private final MemoryWal wal = new MemoryWal(new MemoryWal.Storage(), 1 << 16);
    private final MetadataLog log = MetadataLog.open(wal, applied -> { });
    private final MetadataAudit audit = new MetadataAudit(wal, log::endOffset);
    private final Uuid orders = Uuid.randomUuid();

    private void writeHistory() {
        log.write(MetadataCommand.CreateTopic.of("orders", orders, 3, Map.of("retention.ms", "60000")));
        log.write(new MetadataCommand.AllocateProducerIds(0, 1000));
        log.write(new MetadataCommand.AlterTopicConfigs(orders, new TreeMap<>(Map.of("cleanup.policy", "delete"))));
        log.write(new MetadataCommand.CreatePartitions(orders, 5));
        log.write(new MetadataCommand.AdvanceLogStart(orders, 1, 42));
        log.write(new MetadataCommand.DeleteTopic(orders));
    }

    @Test
    void describesEveryCommittedEntryInOrder() {
        writeHistory();
        List<MetadataEntry> entries = audit.entries(0, 100);
        assertThat(entries).extracting(MetadataEntry::offset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(entries).allSatisfy(entry -> {
            assertThat(entry.term()).isZero();
            assertThat(entry.timestamp()).isEmpty();
        });
        assertThat(entries).extracting(MetadataEntry::type).containsExactly("CreateTopic", "AllocateProducerIds",
                "AlterTopicConfigs", "CreatePartitions", "AdvanceLogStart", "DeleteTopic");
        assertThat(entries).extracting(MetadataEntry::content).containsExactly(
                "topic orders (id " + orders + ") with 3 partitions, configs {retention.ms=60000}",
                "producer ids 0 to 999",
                "topic orders (id " + orders + "): configs now {cleanup.policy=delete}",
                "topic orders (id " + orders + ") grows to 5 partitions",
                "topic orders (id " + orders + ") partition 1: log start offset 42",
                "topic orders (id " + orders + ")");
    }

    @Test
    void pagesFromAnOffsetAndStillNamesTopicsCreatedBefore() {
        writeHistory();
        List<MetadataEntry> page = audit.entries(3, 2);
        assertThat(page).extracting(MetadataEntry::offset).containsExactly(3L, 4L);
        assertThat(page.get(0).content()).startsWith("topic orders ");
        assertThat(audit.entries(5, 10)).extracting(MetadataEntry::type).containsExactly("DeleteTopic");
        assertThat(audit.entries(6, 10)).isEmpty();
    }

    @Test
    void stopsAtTheCommitPoint() {
        writeHistory();
        MetadataAudit committedToTwo = new MetadataAudit(wal, () -> 2);
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
