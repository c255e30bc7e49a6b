package io.chronik.console.kafka;

/**
 * One effective config of a topic.
 *
 * @param name      the config key, such as {@code retention.ms}
 * @param value     its effective value ({@code ******} for a sensitive one)
 * @param source    where the value comes from: {@code topic} (an override) or {@code default}
 * @param readOnly  whether it cannot be changed
 */
public record TopicConfigEntry(String name, String value, String source, boolean readOnly) {

    /** Whether the topic overrides this config. */
    public boolean overridden() {
        return "topic".equals(source);
    }
}
