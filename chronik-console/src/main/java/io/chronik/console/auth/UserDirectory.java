package io.chronik.console.auth;

import io.chronik.api.ConfigException;
import io.chronik.spi.PluginProperties;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

/**
 * The console's users and their password hashes, read from the provider's keys:
 * <pre>
 *   console.web.user.&lt;name&gt;=&lt;role&gt;:&lt;password hash&gt;
 * </pre>
 * where {@code name} is 1–64 characters of {@code [A-Za-z0-9._-]}, {@code role} is {@code viewer} or
 * {@code admin}, and the hash is in {@link PasswordHash}'s stored form. Any other key under
 * {@code console.web.} is a configuration error.
 *
 * <p>Thread-safe. {@link #authenticate} costs one PBKDF2 computation whether or not the user exists,
 * so response times do not reveal which user names exist. Checks run one at a time: a flood of
 * sign-in attempts then costs at most one core, never the CPU the node needs for its clients, and
 * callers wait their turn on their own (request) threads.
 */
public final class UserDirectory {

    /** The key prefix of a user, below the provider's own prefix. */
    public static final String USER_KEY_PREFIX = "user.";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int GENERATED_PASSWORD_LENGTH = 20;
    /** No 0/O, 1/l/I: the generated password is read off a log line and typed by a person. */
    private static final String GENERATED_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private record Account(ConsoleUser user, PasswordHash hash) {
    }

    private final Map<String, Account> accounts;
    private final PasswordHash decoy;
    private final Semaphore checking = new Semaphore(1, true);

    private UserDirectory(Map<String, Account> accounts) {
        this.accounts = Collections.unmodifiableMap(accounts);
        this.decoy = accounts.values().iterator().next().hash();
    }

    /**
     * Reads the users from the provider's keys.
     *
     * @return empty if no user is configured
     * @throws ConfigException naming the key of the first bad entry
     */
    public static Optional<UserDirectory> parse(PluginProperties properties) {
        return parse(properties, Set.of());
    }

    /**
     * Reads the users from the provider's keys, where {@code otherKeys} are the other keys the console
     * knows (they are skipped; any key that is neither a user nor one of them is an error).
     *
     * @return empty if no user is configured
     * @throws ConfigException naming the key of the first bad entry
     */
    public static Optional<UserDirectory> parse(PluginProperties properties, Set<String> otherKeys) {
        Map<String, Account> accounts = new TreeMap<>();
        for (Map.Entry<String, String> entry : properties.asMap().entrySet()) {
            String key = entry.getKey();
            String fullKey = properties.fullKey(key);
            if (otherKeys.contains(key)) {
                continue;
            }
            if (!key.startsWith(USER_KEY_PREFIX)) {
                throw new ConfigException(fullKey, "unknown key; the keys under " + properties.prefix()
                        + " are " + USER_KEY_PREFIX + "<name>=<role>:<password hash>"
                        + (otherKeys.isEmpty() ? "" : " and " + String.join(", ", new TreeSet<>(otherKeys))));
            }
            String name = key.substring(USER_KEY_PREFIX.length());
            if (!NAME.matcher(name).matches()) {
                throw new ConfigException(fullKey, "a user name is 1-64 characters of [A-Za-z0-9._-]");
            }
            String value = entry.getValue().trim();
            int colon = value.indexOf(':');
            if (colon < 0) {
                throw new ConfigException(fullKey, "expected <role>:<password hash>, e.g. admin:"
                        + PasswordHash.ALGORITHM + ":...");
            }
            Role role = Role.parse(fullKey, value.substring(0, colon));
            PasswordHash hash;
            try {
                hash = PasswordHash.parse(value.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(fullKey, e.getMessage());
            }
            accounts.put(name, new Account(new ConsoleUser(name, role), hash));
        }
        return accounts.isEmpty() ? Optional.empty() : Optional.of(new UserDirectory(accounts));
    }

    /**
     * A directory with the single admin {@code name} whose password is {@code password}. Used on a
     * first start with no user configured; the password is random, so the hash uses the minimum
     * iteration count (iterations protect guessable passwords, not 116 random bits) to keep startup fast.
     */
    public static UserDirectory singleAdmin(String name, char[] password, SecureRandom random) {
        PasswordHash hash = PasswordHash.create(password, PasswordHash.MIN_ITERATIONS, random);
        Map<String, Account> accounts = new TreeMap<>();
        accounts.put(name, new Account(new ConsoleUser(name, Role.ADMIN), hash));
        return new UserDirectory(accounts);
    }

    /** A random password of 20 characters from 56 unambiguous letters and digits (about 116 bits). */
    public static char[] randomPassword(SecureRandom random) {
        char[] password = new char[GENERATED_PASSWORD_LENGTH];
        for (int i = 0; i < password.length; i++) {
            password[i] = GENERATED_ALPHABET.charAt(random.nextInt(GENERATED_ALPHABET.length()));
        }
        return password;
    }

    /**
     * The user whose name and password these are, if they are. Waits while another check runs; an
     * interrupted wait counts as a failed check (the interrupt stays set).
     */
    public Optional<ConsoleUser> authenticate(String name, char[] password) {
        try {
            checking.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            Account account = accounts.get(name);
            if (account == null) {
                decoy.matches(password);
                return Optional.empty();
            }
            return account.hash().matches(password) ? Optional.of(account.user()) : Optional.empty();
        } finally {
            checking.release();
        }
    }

    /** The number of users. */
    public int size() {
        return accounts.size();
    }
}
