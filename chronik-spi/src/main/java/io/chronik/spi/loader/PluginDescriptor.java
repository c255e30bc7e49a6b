package io.chronik.spi.loader;

import io.chronik.spi.PluginException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@value #FILE_NAME} file of a plugin directory, parsed strictly.
 *
 * <h2>Format</h2>
 * A {@link Properties} file in UTF-8 with exactly these keys, each with a non-blank value:
 * <pre>
 * name=hello            # must equal the plugin directory's name (plugins/hello/)
 * version=1.2.0         # the plugin's own version, shown by the node's plugins command
 * spi.version=1         # the SPI major version the plugin was built against, a positive integer
 * module=com.example.hello   # the plugin's JPMS module; one of its jars must define it
 * </pre>
 * Any other key is an error naming the key, so a typo cannot be silently ignored. For a non-modular
 * plugin jar, {@code module} is its automatic module name: the {@code Automatic-Module-Name}
 * manifest attribute, or else the name derived from the jar's file name
 * ({@code hello-plugin-1.0.jar} becomes {@code hello.plugin}).
 *
 * @param name       the plugin's name, equal to its directory's name
 * @param version    the plugin's version
 * @param spiVersion the SPI major version the plugin targets
 * @param module     the plugin's module name
 */
public record PluginDescriptor(String name, String version, int spiVersion, String module) {

    /** The descriptor's file name inside a plugin directory. */
    public static final String FILE_NAME = "plugin.properties";

    static final String NAME = "name";
    static final String VERSION = "version";
    static final String SPI_VERSION = "spi.version";
    static final String MODULE = "module";
    private static final Set<String> KEYS = Set.of(NAME, VERSION, SPI_VERSION, MODULE);

    /**
     * Reads and checks {@code pluginDir/plugin.properties}.
     *
     * @throws PluginException naming the file and what is wrong with it
     */
    public static PluginDescriptor read(Path pluginDir) {
        Path file = pluginDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new PluginException(file + ": missing; every plugin directory needs a " + FILE_NAME
                    + " with the keys " + new TreeSet<>(KEYS));
        }
        Properties properties = new DuplicateRejectingProperties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new PluginException(file + ": cannot be read: " + e.getMessage(), e);
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).trim()));
        return parse(file, pluginDir.getFileName().toString(), values);
    }

    /**
     * Checks the keys of a descriptor file.
     *
     * @param file          the file, named in every error
     * @param directoryName the plugin directory's name, which {@code name} must equal
     * @param values        every key of the file and its trimmed value
     */
    static PluginDescriptor parse(Path file, String directoryName, Map<String, String> values) {
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw new PluginException(file + ": unknown key '" + key + "'; the only keys are "
                        + new TreeSet<>(KEYS));
            }
        }
        String name = required(file, values, NAME);
        if (!name.equals(directoryName)) {
            throw new PluginException(file + ": " + NAME + "=" + name + " does not match its directory '"
                    + directoryName + "'; rename one so they are equal");
        }
        String version = required(file, values, VERSION);
        String spiVersionText = required(file, values, SPI_VERSION);
        int spiVersion;
        try {
            spiVersion = Integer.parseInt(spiVersionText);
        } catch (NumberFormatException e) {
            spiVersion = 0;
        }
        if (spiVersion < 1) {
            throw new PluginException(file + ": " + SPI_VERSION + "=" + spiVersionText
                    + " is not an SPI major version (a positive integer)");
        }
        return new PluginDescriptor(name, version, spiVersion, required(file, values, MODULE));
    }

    private static String required(Path file, Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null) {
            throw new PluginException(file + ": missing key '" + key + "'");
        }
        if (value.isEmpty()) {
            throw new PluginException(file + ": key '" + key + "' is empty");
        }
        return value;
    }

    /** {@link Properties} silently keeps the last of two equal keys; a strict descriptor refuses them. */
    private static final class DuplicateRejectingProperties extends Properties {
        @Override
        public synchronized Object put(Object key, Object value) {
            if (containsKey(key)) {
                throw new IllegalArgumentException("key '" + key + "' appears more than once");
            }
            return super.put(key, value);
        }
    }
}
