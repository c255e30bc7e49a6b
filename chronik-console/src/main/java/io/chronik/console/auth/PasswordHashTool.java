package io.chronik.console.auth;

import io.chronik.api.ConfigException;
import io.chronik.spi.PluginProperties;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;

/**
 * Prints the configuration line of a console user, so admins never write a password into a file:
 * <pre>
 *   java -cp 'lib/*' io.chronik.console.auth.PasswordHashTool &lt;name&gt; &lt;viewer|admin&gt;
 * </pre>
 * asks for the password twice on the terminal (no echo) or reads one line from standard input when
 * there is no terminal, and prints {@code console.web.user.<name>=<role>:<hash>} to standard output.
 * The line is checked by the same parser the console uses at startup.
 */
public final class PasswordHashTool {

    /** The provider's key prefix, as the host builds it for the {@code web} console. */
    static final String PREFIX = "console.web.";

    private PasswordHashTool() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: " + PasswordHashTool.class.getName() + " <name> <viewer|admin>");
            System.exit(2);
        }
        char[] password = readPassword();
        try {
            if (password.length == 0) {
                System.err.println("the password is empty");
                System.exit(2);
            }
            System.out.println(line(args[0], args[1], password, new SecureRandom()));
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * The configuration line for a user.
     *
     * @throws ConfigException if the name or role is invalid
     */
    static String line(String name, String role, char[] password, SecureRandom random) {
        String key = UserDirectory.USER_KEY_PREFIX + name;
        String value = role + ":" + PasswordHash.create(password, PasswordHash.DEFAULT_ITERATIONS, random).format();
        UserDirectory.parse(new PluginProperties(PREFIX, Map.of(key, value)));
        return PREFIX + key + "=" + value;
    }

    private static char[] readPassword() throws IOException {
        Console console = System.console();
        if (console == null) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = in.readLine();
            return line == null ? new char[0] : line.toCharArray();
        }
        char[] first = console.readPassword("Password: ");
        char[] second = console.readPassword("Repeat password: ");
        if (first == null || second == null || !Arrays.equals(first, second)) {
            System.err.println("the passwords differ");
            System.exit(2);
        }
        Arrays.fill(second, '\0');
        return first;
    }
}
