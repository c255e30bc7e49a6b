package io.chronik.core.node;

import io.chronik.api.ChronikNode;
import io.chronik.api.MetadataEntry;
import io.chronik.core.cluster.MetadataQuorum;
import io.chronik.core.metadata.MetadataCommand;
import io.chronik.core.metadata.MetadataCommandCodec;
import io.chronik.core.metadata.MetadataDescriptions;
import io.chronik.core.raft.EntryCodec;
import io.chronik.core.raft.EntryKind;
import io.chronik.core.raft.LogEntry;
import io.chronik.spi.wal.Wal;
import io.chronik.spi.wal.WalLog;
import io.chronik.spi.wal.WalRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;

/**
 * Reads committed metadata log entries back for people ({@link ChronikNode#metadataEntries}): decodes
 * the quorum's entries ({@link EntryCodec}) in the WAL log {@link MetadataQuorum#LOG_NAME}, up to the
 * commit point, and describes each command with {@link MetadataDescriptions}; a leader-change entry
 * says which node began leading its term. Every entry carries the term it was written in; a command
 * also the time the controller wrote it (a leader change records none).
 *
 * <p>Commands name topics by id; to name them in descriptions, the reader remembers every topic name
 * it has read (one map entry per topic ever created; nothing else is cached), and takes the names of
 * the topics that exist now from the state: the metadata log starts where the node's oldest kept
 * snapshot ends, so a topic may have been created in entries the log no longer holds.
 *
 * <p>Thread-safe: reads are serialized, the WAL log allows reads concurrent with appends.
 */
final class MetadataAudit {

    private static final int READ_CHUNK_BYTES = 256 * 1024;

    private final WalLog log;
    private final LongSupplier committedEnd;
    private final Supplier<Map<Uuid, String>> liveTopicNames;
    private final Map<Uuid, String> names = new HashMap<>();
    private long namesKnownBefore;

    /**
     * @param wal            the node's WAL, holding the metadata log
     * @param committedEnd   the offset before which every metadata entry is committed
     * @param liveTopicNames the names of the topics that exist now, by id
     */
    MetadataAudit(Wal wal, LongSupplier committedEnd, Supplier<Map<Uuid, String>> liveTopicNames) {
        this.log = wal.open(MetadataQuorum.LOG_NAME);
        this.committedEnd = committedEnd;
        this.liveTopicNames = liveTopicNames;
    }

    /** See {@link ChronikNode#metadataEntries}. */
    synchronized List<MetadataEntry> entries(long fromOffset, int max) {
        if (fromOffset < 0 || max < 1 || max > ChronikNode.MAX_METADATA_ENTRIES) {
            throw new IllegalArgumentException("metadata entries from offset " + fromOffset + ", at most " + max
                    + ": the offset must not be negative and at most 1 to " + ChronikNode.MAX_METADATA_ENTRIES
                    + " entries may be asked for");
        }
        long end = committedEnd.getAsLong();
        liveTopicNames.get().forEach(names::putIfAbsent);
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
                    entries.add(describe(EntryCodec.decode(record.offset(), record.data())));
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
                    LogEntry entry = EntryCodec.decode(record.offset(), record.data());
                    if (entry.kind() == EntryKind.DATA) {
                        learn(record.offset(), MetadataCommandCodec.decode(entry.payload()));
                    }
                    namesKnownBefore = record.offset() + 1;
                    progressed = true;
                }
            }
        }
    }

    private MetadataEntry describe(LogEntry entry) {
        if (entry.kind() != EntryKind.DATA) {
            namesKnownBefore = Math.max(namesKnownBefore, entry.offset() + 1);
            return new MetadataEntry(entry.offset(), entry.epoch(), "LeaderChange", Optional.empty(),
                    "node " + entry.payload().getInt(0) + " leads term " + entry.epoch());
        }
        MetadataCommand command = MetadataCommandCodec.decode(entry.payload());
        learn(entry.offset(), command);
        return new MetadataEntry(entry.offset(), entry.epoch(), MetadataDescriptions.type(command),
                Optional.of(Instant.ofEpochMilli(MetadataCommandCodec.writtenAt(entry.payload()))),
                MetadataDescriptions.content(command, names));
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
