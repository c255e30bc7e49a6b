package io.chronik.core.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

/**
 * Configs as DescribeConfigs and CreateTopics report them: for a topic every {@link TopicConfig}
 * with its override ({@code DYNAMIC_TOPIC_CONFIG}, Kafka's {@code TOPIC_CONFIG}) or the broker value
 * it falls back to; for the broker the settings behind those defaults plus the node's own, all
 * read-only (this node has no dynamic broker configs). A broker value is {@code DEFAULT_CONFIG} when
 * it equals Kafka's built-in default and {@code STATIC_BROKER_CONFIG} when the node set it.
 */
final class ConfigEntries {

    /** A node configured with nothing but Kafka's defaults. */
    private static final BrokerSettings KAFKA_DEFAULTS = BrokerSettings.singleNode(0, "defaults", "localhost", 0);

    /**
     * One reported config.
     *
     * @param synonyms where the value comes from, most specific first (the entry itself included)
     */
    record Entry(String name, String value, ConfigSource source, boolean readOnly, ConfigType type,
                 String documentation, List<Synonym> synonyms) {
    }

    /** One place a config's value can come from. */
    record Synonym(String name, String value, ConfigSource source) {
    }

    private ConfigEntries() {
    }

    /** Every topic config of a topic with {@code overrides}, in {@link TopicConfig} order. */
    static List<Entry> topic(Map<String, String> overrides, BrokerSettings settings) {
        List<Entry> entries = new ArrayList<>();
        for (TopicConfig config : TopicConfig.values()) {
            String brokerValue = config.defaultValue(settings);
            Synonym broker = new Synonym(config.brokerName(), brokerValue,
                    brokerValue.equals(config.defaultValue(KAFKA_DEFAULTS)) ? ConfigSource.DEFAULT_CONFIG
                            : ConfigSource.STATIC_BROKER_CONFIG);
            String override = overrides.get(config.configName());
            List<Synonym> synonyms = override == null ? List.of(broker)
                    : List.of(new Synonym(config.configName(), override, ConfigSource.TOPIC_CONFIG), broker);
            Synonym effective = synonyms.get(0);
            entries.add(new Entry(config.configName(), effective.value(), effective.source(), false, config.type(),
                    config.documentation(), synonyms));
        }
        return entries;
    }

    /** The node's settings that clients may ask about, read-only. */
    static List<Entry> broker(BrokerSettings settings) {
        List<Entry> entries = new ArrayList<>();
        for (TopicConfig config : TopicConfig.values()) {
            entries.add(brokerEntry(config.brokerName(), config.defaultValue(settings),
                    config.defaultValue(KAFKA_DEFAULTS), config.type(), "Default of topic config "
                            + config.configName() + ". " + config.documentation()));
        }
        entries.add(brokerEntry("log.retention.check.interval.ms",
                Long.toString(settings.logDefaults().retentionCheckIntervalMs()),
                Long.toString(KAFKA_DEFAULTS.logDefaults().retentionCheckIntervalMs()), ConfigType.LONG,
                "How often the retention thread looks for records to delete."));
        entries.add(brokerEntry("num.partitions", Integer.toString(settings.defaultPartitions()),
                Integer.toString(KAFKA_DEFAULTS.defaultPartitions()), ConfigType.INT,
                "Partitions of auto-created topics and of CreateTopics asking for the default."));
        entries.add(brokerEntry("auto.create.topics.enable", Boolean.toString(settings.autoCreateTopics()),
                Boolean.toString(KAFKA_DEFAULTS.autoCreateTopics()), ConfigType.BOOLEAN,
                "Whether Metadata requests create unknown topics."));
        entries.add(brokerEntry("socket.request.max.bytes", Integer.toString(settings.maxRequestBytes()),
                Integer.toString(KAFKA_DEFAULTS.maxRequestBytes()), ConfigType.INT, "The largest request accepted."));
        entries.add(brokerEntry("replica.lag.time.max.ms", Integer.toString(settings.replicas().replicaLagTimeMs()),
                Integer.toString(KAFKA_DEFAULTS.replicas().replicaLagTimeMs()), ConfigType.LONG,
                "How long a follower may go without catching up before it leaves the ISR."));
        entries.add(new Entry("node.id", Integer.toString(settings.nodeId()), ConfigSource.STATIC_BROKER_CONFIG, true,
                ConfigType.INT, "This node's id.", List.of(new Synonym("node.id", Integer.toString(settings.nodeId()),
                        ConfigSource.STATIC_BROKER_CONFIG))));
        return entries;
    }

    private static Entry brokerEntry(String name, String value, String kafkaDefault, ConfigType type,
                                     String documentation) {
        ConfigSource source = value.equals(kafkaDefault) ? ConfigSource.DEFAULT_CONFIG
                : ConfigSource.STATIC_BROKER_CONFIG;
        return new Entry(name, value, source, true, type, documentation, List.of(new Synonym(name, value, source)));
    }
}
