package io.chronik.core.kafka;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

/**
 * The topic-level configs this broker knows, with Kafka's names, types, validation and the broker
 * setting each one defaults to. Values are kept as the strings clients sent (after validation), so
 * they are reported back exactly as set.
 */
enum TopicConfig {

    RETENTION_MS("retention.ms", "log.retention.ms", ConfigType.LONG,
            "How long a record is kept, by its batch's largest timestamp; -1 keeps records forever.",
            d -> Long.toString(d.logDefaults().retentionMs())) {
        @Override
        Optional<String> problem(String value) {
            return longAtLeast(value, -1);
        }
    },
    RETENTION_BYTES("retention.bytes", "log.retention.bytes", ConfigType.LONG,
            "The most bytes a partition keeps before its oldest records are deleted; -1 means no limit.",
            d -> Long.toString(d.logDefaults().retentionBytes())) {
        @Override
        Optional<String> problem(String value) {
            return longAtLeast(value, -1);
        }
    },
    SEGMENT_BYTES("segment.bytes", "log.segment.bytes", ConfigType.INT,
            "Stored and reported for compatibility only: Chronik's WAL segment size is node-wide "
                    + "(wal.* settings), so retention frees storage at that granularity.",
            d -> Integer.toString(d.logDefaults().segmentBytes())) {
        @Override
        Optional<String> problem(String value) {
            return intAtLeast(value, 1024 * 1024);
        }
    },
    MAX_MESSAGE_BYTES("max.message.bytes", "message.max.bytes", ConfigType.INT,
            "The largest record batch a producer may send to this topic.",
            d -> Integer.toString(d.maxMessageBytes())) {
        @Override
        Optional<String> problem(String value) {
            return intAtLeast(value, 0);
        }
    },
    CLEANUP_POLICY("cleanup.policy", "log.cleanup.policy", ConfigType.LIST,
            "Only 'delete' (retention by time and size): log compaction is not implemented.",
            d -> "delete") {
        @Override
        Optional<String> problem(String value) {
            List<String> policies = Arrays.stream(value.split(",")).map(String::trim).toList();
            if (policies.isEmpty() || !policies.stream().allMatch("delete"::equals)) {
                return Optional.of("only 'delete' is supported (this broker does not compact logs)");
            }
            return Optional.empty();
        }
    },
    MIN_INSYNC_REPLICAS("min.insync.replicas", "min.insync.replicas", ConfigType.INT,
            "The replicas that must have a batch before acks=all succeeds; this node is the only replica.",
            d -> Integer.toString(d.logDefaults().minInsyncReplicas())) {
        @Override
        Optional<String> problem(String value) {
            return intAtLeast(value, 1);
        }
    },
    MESSAGE_TIMESTAMP_TYPE("message.timestamp.type", "log.message.timestamp.type", ConfigType.STRING,
            "CreateTime keeps the producer's timestamps; LogAppendTime stamps each batch when it is appended.",
            d -> d.logDefaults().logAppendTime() ? TopicConfig.LOG_APPEND_TIME : TopicConfig.CREATE_TIME) {
        @Override
        Optional<String> problem(String value) {
            return CREATE_TIME.equals(value) || LOG_APPEND_TIME.equals(value) ? Optional.empty()
                    : Optional.of("String must be one of: " + CREATE_TIME + ", " + LOG_APPEND_TIME);
        }
    };

    static final String CREATE_TIME = "CreateTime";
    static final String LOG_APPEND_TIME = "LogAppendTime";

    private final String configName;
    private final String brokerName;
    private final ConfigType type;
    private final String documentation;
    private final Function<BrokerSettings, String> defaultValue;

    TopicConfig(String configName, String brokerName, ConfigType type, String documentation,
                Function<BrokerSettings, String> defaultValue) {
        this.configName = configName;
        this.brokerName = brokerName;
        this.type = type;
        this.documentation = documentation;
        this.defaultValue = defaultValue;
    }

    /** Why {@code value} is not valid for this config, if it is not. */
    abstract Optional<String> problem(String value);

    String configName() {
        return configName;
    }

    /** The broker setting this config defaults to (its synonym in DescribeConfigs). */
    String brokerName() {
        return brokerName;
    }

    ConfigType type() {
        return type;
    }

    String documentation() {
        return documentation;
    }

    /** The value a topic without an override gets. */
    String defaultValue(BrokerSettings settings) {
        return defaultValue.apply(settings);
    }

    /**
     * The value in effect for a topic: its override, or the broker default if it has none or if the
     * stored override is invalid (topics created before configs were validated may hold anything).
     */
    String valueFor(Map<String, String> overrides, BrokerSettings settings) {
        String override = overrides.get(configName);
        return override != null && problem(override).isEmpty() ? override : defaultValue(settings);
    }

    static Optional<TopicConfig> named(String name) {
        return Arrays.stream(values()).filter(c -> c.configName.equals(name)).findFirst();
    }

    /**
     * The first problem in a set of topic overrides, worded as Kafka words it, if any.
     */
    static Optional<String> problem(Map<String, String> overrides) {
        for (Map.Entry<String, String> entry : overrides.entrySet()) {
            Optional<TopicConfig> config = named(entry.getKey());
            if (config.isEmpty()) {
                return Optional.of("Unknown topic config name: " + entry.getKey());
            }
            Optional<String> problem = config.get().problem(entry.getValue());
            if (problem.isPresent()) {
                return Optional.of("Invalid value " + entry.getValue() + " for configuration " + entry.getKey() + ": "
                        + problem.get());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> longAtLeast(String value, long min) {
        try {
            long parsed = Long.parseLong(value.trim());
            return parsed < min ? Optional.of("Value must be at least " + min) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.of("Not a number of type LONG");
        }
    }

    private static Optional<String> intAtLeast(String value, int min) {
        try {
            int parsed = Integer.parseInt(value.trim());
            return parsed < min ? Optional.of("Value must be at least " + min) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.of("Not a number of type INT");
        }
    }
}
