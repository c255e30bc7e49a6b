package io.chronik.core.config;

import io.chronik.api.ConfigException;
import io.chronik.spi.PluginProperties;
import io.chronik.spi.loader.SpiType;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A node's validated configuration: a value for every key of {@link ConfigKeys} and the plugin keys
 * ({@code <spi>.<provider>.<key>}) the sources set. Built by {@link ConfigLoader}. Immutable.
 */
public final class NodeConfig {

    /** What the effective-config view shows instead of a secret value. */
    public static final String MASK = "********";

    private static final List<String> SECRET_WORDS = List.of("password", "secret", "token", "credential", "user");

    private final Map<ConfigKey<?>, Object> values;
    private final Map<String, RawValue> pluginKeys;

    NodeConfig(Map<ConfigKey<?>, Object> values, Map<String, RawValue> pluginKeys) {
        this.values = Map.copyOf(values);
        this.pluginKeys = Map.copyOf(pluginKeys);
    }

    /** The value of a node key. */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        Object value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("not a key of ConfigKeys: " + key.name());
        }
        return (T) value;
    }

    /**
     * The keys for the selected provider of {@code spi}, prefix removed. A key under the same SPI for
     * any other provider is an error: it configures a plugin that will not run, which is almost
     * certainly a mistake.
     *
     * @throws ConfigException naming the first such key
     */
    public PluginProperties pluginProperties(SpiType<?> spi, String provider) {
        String spiPrefix = spi.id() + ".";
        String prefix = spiPrefix + provider + ".";
        Map<String, String> own = new LinkedHashMap<>();
        for (Map.Entry<String, RawValue> entry : new TreeMap<>(pluginKeys).entrySet()) {
            String key = entry.getKey();
            if (key.startsWith(prefix)) {
                own.put(key.substring(prefix.length()), entry.getValue().text());
            } else if (key.startsWith(spiPrefix)) {
                String other = key.substring(spiPrefix.length(), key.indexOf('.', spiPrefix.length()));
                throw new ConfigException(key, "configures " + spi.id() + " provider '" + other + "', but "
                        + spi.providerKey() + " is '" + provider + "' (from " + entry.getValue().origin() + ")");
            }
        }
        return new PluginProperties(prefix, own);
    }

    /**
     * Fails if any key configures a provider of {@code spi}, for an SPI that has no provider to give
     * them to.
     *
     * @param why why there is no provider, e.g. {@code no console provider is installed}
     * @throws ConfigException naming the first such key
     */
    public void requireNoPluginKeys(SpiType<?> spi, String why) {
        String spiPrefix = spi.id() + ".";
        for (Map.Entry<String, RawValue> entry : new TreeMap<>(pluginKeys).entrySet()) {
            if (entry.getKey().startsWith(spiPrefix)) {
                throw new ConfigException(entry.getKey(), "configures a " + spi.id() + " provider, but " + why
                        + " (from " + entry.getValue().origin() + ")");
            }
        }
    }

    /**
     * Every node key and every plugin key with its value in text form, sorted by key. Secret values are
     * masked: node keys marked {@link ConfigKey#secret()}, and plugin keys any part of which contains
     * {@code password}, {@code secret}, {@code token}, {@code credential} or {@code user}. Keys without a value (an optional key not set)
     * show an empty string.
     */
    public SortedMap<String, String> effective() {
        SortedMap<String, String> view = new TreeMap<>();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            view.put(key.name(), key.secret() ? MASK : format(key));
        }
        pluginKeys.forEach((key, raw) -> view.put(key, isSecretPluginKey(key) ? MASK : raw.text().trim()));
        return view;
    }

    private <T> String format(ConfigKey<T> key) {
        return key.type().format(get(key));
    }

    /**
     * Whether any part of a plugin key names a secret. The plugin's own parts count too, so the console's
     * {@code console.web.user.<name>} (a role and password hash) is masked: masking too much is harmless.
     */
    private static boolean isSecretPluginKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return Arrays.stream(lower.split("\\.")).anyMatch(part -> SECRET_WORDS.stream().anyMatch(part::contains));
    }

    @Override
    public String toString() {
        return "NodeConfig" + effective();
    }
}
