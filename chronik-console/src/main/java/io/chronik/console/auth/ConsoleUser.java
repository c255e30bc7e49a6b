package io.chronik.console.auth;

import java.io.Serializable;
import java.util.Objects;

/**
 * A signed-in console user, as kept in the HTTP session (shared by the UI and the REST API). Holds no
 * credential.
 *
 * @param name the user name
 * @param role what the user may do
 */
public record ConsoleUser(String name, Role role) implements Serializable {

    /** The HTTP session attribute under which the UI stores the signed-in user. */
    public static final String SESSION_ATTRIBUTE = ConsoleUser.class.getName();

    public ConsoleUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }
}
