package io.chronik.core.config;

import io.chronik.api.ChronikException;
import io.chronik.api.ConfigException;
import io.chronik.spi.loader.SpiType;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Builds a validated {@link NodeConfig} from the node's configuration sources, in increasing
 * precedence: the defaults of {@link ConfigKeys}, the properties file, {@code CHRONIK_*} environment
 * variables ({@link EnvironmentVariables}) and {@code --set key=value} options.
 *
 * <p>Every key a source sets must be a node key or a plugin key {@code <spi>.<provider>.<key>} of one
 * of the SPIs; anything else, and any value its key's type rejects, fails with a
 * {@link ConfigException} naming the key and where the value came from.
 */
public final class ConfigLoader {

    /**
     * Where the configuration comes from.
     *
     * @param file        the properties file, if any
     * @param fileMustExist whether a missing file is an error (it was named with {@code --config}) or
     *                    means "no file" (the distribution's default {@code conf/chronik.properties})
     * @param home        the installation directory, for defaults such as {@code plugins.dir}
     * @param environment the process environment
     * @param overrides   the {@code key=value} arguments of {@code --set}, in command-line order
     */
    public record Sources(Optional<Path> file, boolean fileMustExist, Optional<Path> home,
                          Map<String, String> environment, List<String> overrides) {
        public Sources {
            environment = Map.copyOf(environment);
            overrides = List.copyOf(overrides);
        }

        /** Defaults only: no file, no environment, no overrides. */
        public static Sources defaults() {
            return new Sources(Optional.empty(), false, Optional.empty(), Map.of(), List.of());
        }

        /** These sources with more {@code --set} overrides. */
        public Sources withOverrides(String... more) {
            List<String> all = new ArrayList<>(overrides);
            all.addAll(List.of(more));
            return new Sources(file, fileMustExist, home, environment, all);
        }
    }

    private ConfigLoader() {
    }

    /**
     * Reads and validates every source.
     *
     * @throws ConfigException  naming the key of an unknown key or a bad value
     * @throws ChronikException if the properties file cannot be read
     */
    public static NodeConfig load(Sources sources) {
        Map<String, RawValue> raw = new LinkedHashMap<>();
        sources.file().ifPresent(file -> raw.putAll(readFile(file, sources.fileMustExist())));
        raw.putAll(EnvironmentVariables.keys(sources.environment()));
        for (String override : sources.overrides()) {
            int equals = override.indexOf('=');
            if (equals <= 0) {
                throw new ConfigException(override, "--set needs key=value");
            }
            raw.put(override.substring(0, equals).trim(), new RawValue(override.substring(equals + 1), "--set"));
        }
        return resolve(raw, sources.home());
    }

    private static NodeConfig resolve(Map<String, RawValue> raw, Optional<Path> home) {
        Map<String, RawValue> pluginKeys = new TreeMap<>();
        for (Map.Entry<String, RawValue> entry : raw.entrySet()) {
            String key = entry.getKey();
            if (!ConfigKeys.BY_NAME.containsKey(key)) {
                // A near miss of a node key (wal.flush.polcy) is a typo, even if it has a plugin key's shape.
                if (!isPluginKey(key) || Suggestions.closest(key, ConfigKeys.NAMES).isPresent()) {
                    throw new ConfigException(key, "unknown key (from " + entry.getValue().origin() + ")"
                            + Suggestions.hint(key, ConfigKeys.NAMES));
                }
                pluginKeys.put(key, entry.getValue());
            }
        }
        Map<ConfigKey<?>, Object> values = new LinkedHashMap<>();
        ConfigResolution resolution = new ConfigResolution() {
            @Override
            public <T> T get(ConfigKey<T> key) {
                Object value = values.get(key);
                if (value == null) {
                    throw new IllegalStateException(key.name() + " is not resolved yet");
                }
                return cast(key, value);
            }

            @Override
            public Optional<Path> home() {
                return home;
            }
        };
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            values.put(key, resolveKey(key, Optional.ofNullable(raw.get(key.name())), resolution));
        }
        NodeConfig config = new NodeConfig(values, pluginKeys);
        checkConsistency(config, raw);
        return config;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(ConfigKey<T> key, Object value) {
        return (T) value;
    }

    private static <T> T resolveKey(ConfigKey<T> key, Optional<RawValue> raw, ConfigResolution resolution) {
        if (raw.isPresent()) {
            return parse(key, raw.get());
        }
        if (key.defaultValue() instanceof ConfigKey.Literal<T> literal) {
            return parse(key, new RawValue(literal.text(), "default"));
        }
        return ((ConfigKey.Derived<T>) key.defaultValue()).compute().apply(resolution);
    }

    private static <T> T parse(ConfigKey<T> key, RawValue raw) {
        try {
            return key.type().parse(raw.text());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key.name(), e.getMessage() + " (from " + raw.origin() + ")");
        }
    }

    /** A key under an SPI's prefix with a provider and a key after it: {@code wal.disruptor.ring.size}. */
    private static boolean isPluginKey(String key) {
        String[] parts = key.split("\\.", -1);
        if (parts.length < 3 || !ValueType.PROVIDER_NAME_PATTERN.matcher(parts[1]).matches()) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                return false;
            }
        }
        return SpiType.ALL.stream().anyMatch(spi -> spi.id().equals(parts[0]));
    }

    private static void checkConsistency(NodeConfig config, Map<String, RawValue> raw) {
        long segmentBytes = config.get(ConfigKeys.WAL_SEGMENT_BYTES);
        long maxRecordBytes = config.get(ConfigKeys.WAL_MAX_RECORD_BYTES);
        if (maxRecordBytes > segmentBytes) {
            throw new ConfigException(ConfigKeys.WAL_MAX_RECORD_BYTES.name(), maxRecordBytes
                    + " exceeds wal.segment.bytes " + segmentBytes);
        }
        Map<Listener, ConfigKey<Listener>> bound = new HashMap<>();
        for (ConfigKey<Listener> key : List.of(ConfigKeys.KAFKA_LISTENER, ConfigKeys.REPLICATION_LISTENER,
                ConfigKeys.FORWARDING_LISTENER, ConfigKeys.CONSOLE_LISTENER)) {
            Listener listener = config.get(key);
            if (key == ConfigKeys.CONSOLE_LISTENER && !config.get(ConfigKeys.CONSOLE_ENABLED)) {
                continue;
            }
            ConfigKey<Listener> other = listener.port() == 0 ? null : bound.putIfAbsent(listener, key);
            if (other != null) {
                throw new ConfigException(raw.containsKey(key.name()) ? key.name() : other.name(),
                        "listens on " + listener + ", the same address as " + (raw.containsKey(key.name())
                                ? other.name() : key.name()));
            }
        }
    }

    private static Map<String, RawValue> readFile(Path file, boolean mustExist) {
        if (!Files.exists(file)) {
            if (mustExist) {
                throw new ChronikException("config file " + file + " does not exist");
            }
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ChronikException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, RawValue> keys = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            keys.put(name, new RawValue(properties.getProperty(name), file.toString()));
        }
        return keys;
    }
}
