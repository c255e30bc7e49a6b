package io.chronik.core.node;

import io.chronik.api.ChronikNode;
import io.chronik.api.MetadataEntry;
import io.chronik.core.metadata.MetadataCommand;
import io.chronik.core.metadata.MetadataCommandCodec;
import io.chronik.core.metadata.MetadataDescriptions;
import io.chronik.core.metadata.MetadataLog;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.kafka.common.Uuid;

/**
 * Reads committed metadata log entries back for people ({@link ChronikNode#metadataEntries}): decodes
 * the {@link MetadataLog#LOG_NAME} records of the WAL and describes each with
 * {@link MetadataDescriptions}.
 *
 * <p>Single-node format: the metadata log stores neither terms nor write times, so every entry has
 * term 0 and no timestamp, and every durable entry is committed. The cluster's replicated metadata
 * log replaces this reader with one that reports each entry's term and stops at the commit index.
 *
 * <p>Commands name topics by id; to name them in descriptions, the reader remembers every topic name
 * it has read (one map entry per topic ever created; nothing else is cached).
 *
 * <p>Thread-safe: reads are serialized, the WAL log allows reads concurrent with appends.
 */
final class MetadataAudit {

    private static final int READ_CHUNK_BYTES = 256 * 1024;

    private final WalLog log;
    private final LongSupplier committedEnd;
    private final Map<Uuid, String> names = new HashMap<>();
    private long namesKnownBefore;

    /**
     * @param wal          the node's WAL, holding the metadata log
     * @param committedEnd the offset before which every metadata entry is committed
     */
    MetadataAudit(Wal wal, LongSupplier committedEnd) {
        this.log = wal.open(MetadataLog.LOG_NAME);
        this.committedEnd = committedEnd;
    }

    /** See {@link ChronikNode#metadataEntries}. */
    synchronized List<MetadataEntry> entries(long fromOffset, int max) {
        if (fromOffset < 0 || max < 1 || max > ChronikNode.MAX_METADATA_ENTRIES) {
            throw new IllegalArgumentException("metadata entries from offset " + fromOffset + ", at most " + max
                    + ": the offset must not be negative and at most 1 to " + ChronikNode.MAX_METADATA_ENTRIES
                    + " entries may be asked for");
        }
        long end = committedEnd.getAsLong();
        learnNamesBefore(Math.min(fromOffset, end));
        List<MetadataEntry> entries = new ArrayList<>();
        long position = fromOffset;
        boolean progressed = true;
        while (progressed && entries.size() < max && position < end) {
            progressed = false;
            for (WalRecord record : log.read(position, READ_CHUNK_BYTES)) {
                if (record.offset() >= end || entries.size() == max) {
                    break;
                }
                if (record.offset() >= position) {
                    MetadataCommand command = MetadataCommandCodec.decode(record.data());
                    learn(record.offset(), command);
                    entries.add(new MetadataEntry(record.offset(), 0, MetadataDescriptions.type(command),
                            Optional.empty(), MetadataDescriptions.content(command, names)));
                    position = record.offset() + 1;
                    progressed = true;
                }
            }
        }
        return entries;
    }

    /** Reads the names of topics created before {@code offset} that this reader has not seen yet. */
    private void learnNamesBefore(long offset) {
        boolean progressed = true;
        while (progressed && namesKnownBefore < offset) {
            progressed = false;
            for (WalRecord record : log.read(namesKnownBefore, READ_CHUNK_BYTES)) {
                if (record.offset() >= offset) {
                    return;
                }
                if (record.offset() >= namesKnownBefore) {
                    learn(record.offset(), MetadataCommandCodec.decode(record.data()));
                    progressed = true;
                }
            }
        }
    }

    private void learn(long offset, MetadataCommand command) {
        if (offset < namesKnownBefore) {
            return;
        }
        if (command instanceof MetadataCommand.CreateTopic create) {
            names.put(create.topicId(), create.name());
        }
        namesKnownBefore = offset + 1;
    }
}
