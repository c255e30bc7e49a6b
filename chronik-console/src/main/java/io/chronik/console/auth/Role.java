package io.chronik.console.auth;

import io.chronik.api.ConfigException;
import java.util.Locale;

/**
 * What a console user may do. A closed set: {@code viewer} reads everything the console shows,
 * {@code admin} may also change things (every REST call that is not a read).
 */
public enum Role {
    VIEWER,
    ADMIN;

    /** Whether this role may make changes (REST methods other than GET and HEAD). */
    public boolean mayWrite() {
        return this == ADMIN;
    }

    /** The name as written in configuration: {@code viewer} or {@code admin}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a role as written in configuration.
     *
     * @param key the configuration key the value came from, named in the error
     */
    public static Role parse(String key, String value) {
        for (Role role : values()) {
            if (role.configName().equals(value)) {
                return role;
            }
        }
        throw new ConfigException(key, "unknown role '" + value + "'; expected viewer or admin");
    }
}
