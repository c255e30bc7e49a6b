package io.chronik.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One committed entry of the metadata log ({@code __cluster_metadata}), described for people: the
 * audit trail of every change to topics, partitions, configs and producer ids.
 *
 * @param offset    the entry's offset in the metadata log
 * @param term      the metadata quorum term that wrote it
 * @param type      the command's name, such as {@code CreateTopic}
 * @param timestamp when it was written, if the log's format stores it (empty otherwise)
 * @param content   what the command did, in words: names, ids, counts and configs
 */
public record MetadataEntry(long offset, int term, String type, Optional<Instant> timestamp, String content) {

    public MetadataEntry {
        if (offset < 0 || term < 0) {
            throw new IllegalArgumentException("offset " + offset + " and term " + term + " must not be negative");
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(content, "content");
    }
}
