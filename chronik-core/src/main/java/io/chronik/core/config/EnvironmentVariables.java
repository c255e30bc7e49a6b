package io.chronik.core.config;

import io.chronik.api.ConfigException;
import io.chronik.spi.loader.SpiType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps {@code CHRONIK_*} environment variables to configuration keys.
 *
 * <p>The rule: a variable names a node key when it equals {@link ConfigKey#environmentVariable()} of
 * that key ({@code CHRONIK_NODE_ID} sets {@code node.id}, {@code CHRONIK_WAL_FLUSH_POLICY} sets
 * {@code wal.flush.policy}). Otherwise, a variable {@code CHRONIK_<SPI>_<REST>} whose {@code <SPI>} is
 * {@code WAL}, {@code REPLICATION}, {@code FORWARDING} or {@code CONSOLE} sets the plugin key
 * {@code <spi>.<rest>} with {@code <rest>} in lower case and every {@code _} turned into a {@code .}
 * ({@code CHRONIK_WAL_DISRUPTOR_RING_SIZE} sets {@code wal.disruptor.ring.size}); plugin keys or
 * provider names containing {@code -} cannot be set this way, use the file or {@code --set}. The
 * variables the launcher itself reads, {@link #LAUNCHER_VARIABLES}, are ignored. Any other
 * {@code CHRONIK_*} variable is an error, so a misspelt override never goes unnoticed.
 */
public final class EnvironmentVariables {

    /** Variables of {@code bin/chronik}, not configuration keys. */
    public static final Set<String> LAUNCHER_VARIABLES =
            Set.of("CHRONIK_HOME", "CHRONIK_JAVA_OPTS", "CHRONIK_LOG_DIR", "CHRONIK_PID_FILE");

    private static final Map<String, ConfigKey<?>> KEYS_BY_VARIABLE = byVariable();

    private EnvironmentVariables() {
    }

    /**
     * The configuration keys set by {@code environment}, with their values; variables without the
     * {@code CHRONIK_} prefix are ignored.
     *
     * @throws ConfigException naming the variable if a {@code CHRONIK_*} variable maps to no key
     */
    public static Map<String, RawValue> keys(Map<String, String> environment) {
        Map<String, RawValue> keys = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(environment).entrySet()) {
            String variable = entry.getKey();
            if (!variable.startsWith(ConfigKey.ENV_PREFIX) || LAUNCHER_VARIABLES.contains(variable)) {
                continue;
            }
            keys.put(keyOf(variable), new RawValue(entry.getValue(), "environment variable " + variable));
        }
        return keys;
    }

    private static String keyOf(String variable) {
        ConfigKey<?> key = KEYS_BY_VARIABLE.get(variable);
        if (key != null) {
            return key.name();
        }
        String rest = variable.substring(ConfigKey.ENV_PREFIX.length());
        for (SpiType<?> spi : SpiType.ALL) {
            String spiPrefix = spi.id().toUpperCase(Locale.ROOT) + "_";
            if (rest.startsWith(spiPrefix) && rest.length() > spiPrefix.length()) {
                return spi.id() + "." + rest.substring(spiPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            }
        }
        String guess = rest.toLowerCase(Locale.ROOT).replace('_', '.');
        throw new ConfigException(guess, "environment variable " + variable + " maps to no configuration key"
                + Suggestions.hint(variable, ConfigKeys.ALL.stream().map(ConfigKey::environmentVariable).toList())
                + " (conf/chronik.properties names the variable of every key)");
    }

    private static Map<String, ConfigKey<?>> byVariable() {
        Map<String, ConfigKey<?>> map = new TreeMap<>();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            map.put(key.environmentVariable(), key);
        }
        return Map.copyOf(map);
    }
}
