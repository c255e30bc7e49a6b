package io.chronik.core.kafka;

import io.chronik.core.group.OffsetsTopic;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kafka's rules for topic names: 1 to 249 characters of {@code [a-zA-Z0-9._-]}, not {@code .} or
 * {@code ..}. Two names that differ only by {@code .} versus {@code _} collide, because metric names
 * would; a collision is rejected like Kafka does.
 */
final class TopicNames {

    static final int MAX_LENGTH = 249;
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

    private TopicNames() {
    }

    /** What is wrong with {@code name}, or empty if it is a legal topic name. */
    static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("topic name is empty");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("topic name cannot be '.' or '..'");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("topic name is " + name.length() + " characters, the limit is " + MAX_LENGTH);
        }
        if (!LEGAL.matcher(name).matches()) {
            return Optional.of("topic name '" + name + "' is illegal: it may contain only ASCII alphanumerics, '.', '_' and '-'");
        }
        return Optional.empty();
    }

    /** Whether the topic is internal to the broker: listed as internal, not writable or deletable by clients. */
    static boolean isInternal(String name) {
        return OffsetsTopic.NAME.equals(name);
    }

    /** The form in which colliding names are equal. */
    static String collisionKey(String name) {
        return name.replace('.', '_');
    }
}
