package io.chronik.console.kafka;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One record as the message browser shows it. Keys and values longer than
 * {@link MessageBrowser#MAX_SHOWN_BYTES} are cut before rendering.
 *
 * @param partition     its partition
 * @param offset        its offset
 * @param timestamp     its timestamp, epoch milliseconds
 * @param timestampType {@code CreateTime} or {@code LogAppendTime}
 * @param key           the key rendered in the requested format, empty for a null key
 * @param value         the value rendered in the requested format, empty for a null value (a tombstone)
 * @param keyBytes      the key's full size in bytes (0 for a null key)
 * @param valueBytes    the value's full size in bytes (0 for a null value)
 * @param truncated     whether the key or value was cut for display
 * @param headers       the record's headers, values as UTF-8 text
 */
public record BrowsedRecord(int partition, long offset, long timestamp, String timestampType, Optional<String> key,
                            Optional<String> value, int keyBytes, int valueBytes, boolean truncated,
                            List<Header> headers) {

    public BrowsedRecord {
        Objects.requireNonNull(timestampType, "timestampType");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        headers = List.copyOf(headers);
    }

    /**
     * One record header.
     *
     * @param key   the header name
     * @param value its value as UTF-8 text, empty for a null value
     */
    public record Header(String key, Optional<String> value) {
    }
}
