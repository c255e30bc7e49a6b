package io.chronik.console.kafka;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A message to produce from the console, as UTF-8 text.
 *
 * @param partition the partition, or the producer's partitioner (by key) when empty
 * @param key       the key, or none
 * @param value     the value, or none (a tombstone)
 * @param headers   headers in order
 */
public record OutgoingMessage(OptionalInt partition, Optional<String> key, Optional<String> value,
                              Map<String, String> headers) {

    /** The largest key plus value the console produces (UTF-8 bytes). */
    public static final int MAX_BYTES = 512 * 1024;

    public OutgoingMessage {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        headers = new LinkedHashMap<>(headers);
    }

    /**
     * Checks the message before it is sent, naming what is wrong.
     *
     * @throws ConsoleRequestException of kind {@code INVALID}
     */
    public OutgoingMessage validate() {
        if (partition.isPresent() && partition.getAsInt() < 0) {
            throw ConsoleRequestException.invalid("partition must not be negative, not " + partition.getAsInt());
        }
        long bytes = key.map(OutgoingMessage::utf8Length).orElse(0) + value.map(OutgoingMessage::utf8Length).orElse(0);
        if (bytes > MAX_BYTES) {
            throw ConsoleRequestException.invalid("key and value are " + bytes + " bytes; the console produces at most "
                    + MAX_BYTES);
        }
        headers.forEach((name, text) -> {
            if (name == null || name.isEmpty() || text == null) {
                throw ConsoleRequestException.invalid("every header needs a name and a value");
            }
        });
        return this;
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
