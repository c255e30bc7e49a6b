package io.chronik.console.kafka;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * A topic to create.
 *
 * @param name              the name: 1–249 characters of {@code [A-Za-z0-9._-]}
 * @param partitions        the partition count (1 to {@value #MAX_PARTITIONS}), or the node's default
 * @param replicationFactor replicas per partition (1 to {@value #MAX_REPLICATION_FACTOR}), or the node's default
 * @param configs           topic config overrides
 */
public record NewTopic(String name, OptionalInt partitions, OptionalInt replicationFactor, Map<String, String> configs) {

    public static final int MAX_PARTITIONS = 10_000;
    public static final int MAX_REPLICATION_FACTOR = 32;

    public NewTopic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(partitions, "partitions");
        Objects.requireNonNull(replicationFactor, "replicationFactor");
        configs = new TreeMap<>(configs);
    }

    /**
     * Checks the request before it goes to the node, naming the first thing that is wrong.
     *
     * @throws ConsoleRequestException of kind {@code INVALID}
     */
    public NewTopic validate() {
        if (name.isEmpty() || name.length() > 249 || !name.matches("[A-Za-z0-9._-]+") || name.equals(".")
                || name.equals("..")) {
            throw ConsoleRequestException.invalid("topic name '" + name
                    + "' must be 1 to 249 characters of letters, digits, '.', '_' and '-', and not '.' or '..'");
        }
        check("partitions", partitions, MAX_PARTITIONS);
        check("replicationFactor", replicationFactor, MAX_REPLICATION_FACTOR);
        Optional<String> blank = configs.entrySet().stream()
                .filter(e -> e.getKey().isBlank() || e.getValue() == null).map(Map.Entry::getKey).findFirst();
        if (blank.isPresent()) {
            throw ConsoleRequestException.invalid("config '" + blank.get() + "' needs a name and a value");
        }
        return this;
    }

    private static void check(String field, OptionalInt value, int max) {
        if (value.isPresent() && (value.getAsInt() < 1 || value.getAsInt() > max)) {
            throw ConsoleRequestException.invalid(field + " must be 1 to " + max + ", not " + value.getAsInt());
        }
    }
}
