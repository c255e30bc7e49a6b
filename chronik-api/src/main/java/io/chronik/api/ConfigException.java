package io.chronik.api;

/**
 * A configuration value is missing, unknown or invalid. The message always names the key, so an
 * admin reading a failed startup knows which line of {@code chronik.properties}, which
 * {@code CHRONIK_*} variable or which {@code --set} to fix.
 */
public class ConfigException extends ChronikException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String problem) {
        super("config key '" + key + "': " + problem);
        this.key = key;
    }

    /** The configuration key at fault, e.g. {@code wal.flush.policy}. */
    public String key() {
        return key;
    }
}
