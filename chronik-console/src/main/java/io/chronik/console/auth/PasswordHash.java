package io.chronik.console.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2 password hash and its stored text form.
 *
 * <p>Stored form, four fields separated by {@code ':'}:
 * <pre>
 *   pbkdf2-sha256:&lt;iterations&gt;:&lt;salt&gt;:&lt;hash&gt;
 * </pre>
 * {@code iterations} is a decimal count in {@value #MIN_ITERATIONS}..{@value #MAX_ITERATIONS};
 * {@code salt} (at least 16 bytes) and {@code hash} ({@value #HASH_BYTES} bytes) are standard Base64
 * with padding. The hash is {@code PBKDF2WithHmacSHA256(password, salt, iterations)}, the password
 * taken as UTF-8 by the JDK's PBKDF2 implementation. The iteration count travels with each hash, so
 * raising {@link #DEFAULT_ITERATIONS} never invalidates stored hashes.
 *
 * <p>Immutable and thread-safe; {@link #matches} takes as long as one hash computation.
 */
public final class PasswordHash {

    /** The algorithm tag, the first field of the stored form. */
    public static final String ALGORITHM = "pbkdf2-sha256";
    /** Iterations for hashes of passwords people chose (OWASP's figure for PBKDF2-HMAC-SHA256). */
    public static final int DEFAULT_ITERATIONS = 600_000;
    public static final int MIN_ITERATIONS = 10_000;
    public static final int MAX_ITERATIONS = 10_000_000;
    public static final int SALT_BYTES = 16;
    public static final int HASH_BYTES = 32;

    private static final String JCA_NAME = "PBKDF2WithHmacSHA256";

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** Hashes {@code password} with a fresh random salt. */
    public static PasswordHash create(char[] password, int iterations, SecureRandom random) {
        checkIterations(iterations);
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    /**
     * Parses the stored form.
     *
     * @throws IllegalArgumentException naming the field that is wrong (never echoing the value)
     */
    public static PasswordHash parse(String stored) {
        String[] fields = stored.split(":", -1);
        if (fields.length != 4) {
            throw new IllegalArgumentException("a password hash has 4 fields separated by ':' ("
                    + ALGORITHM + ":<iterations>:<salt>:<hash>), found " + fields.length);
        }
        if (!ALGORITHM.equals(fields[0])) {
            throw new IllegalArgumentException("unsupported hash algorithm '" + fields[0] + "'; expected " + ALGORITHM);
        }
        int iterations;
        try {
            iterations = Integer.parseInt(fields[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the iteration count is not a whole number: '" + fields[1] + "'");
        }
        checkIterations(iterations);
        byte[] salt = base64(fields[2], "salt");
        byte[] hash = base64(fields[3], "hash");
        if (salt.length < SALT_BYTES) {
            throw new IllegalArgumentException("the salt has " + salt.length + " bytes; at least " + SALT_BYTES + " needed");
        }
        if (hash.length != HASH_BYTES) {
            throw new IllegalArgumentException("the hash has " + hash.length + " bytes; expected " + HASH_BYTES);
        }
        return new PasswordHash(iterations, salt, hash);
    }

    /** Whether {@code password} hashes to this hash; compares in constant time. */
    public boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    public int iterations() {
        return iterations;
    }

    /** The stored form, ready to go into configuration. */
    public String format() {
        Base64.Encoder encoder = Base64.getEncoder();
        return ALGORITHM + ":" + iterations + ":" + encoder.encodeToString(salt) + ":" + encoder.encodeToString(hash);
    }

    @Override
    public String toString() {
        return "PasswordHash[" + ALGORITHM + ", " + iterations + " iterations]";
    }

    private static void checkIterations(int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("the iteration count " + iterations + " is outside "
                    + MIN_ITERATIONS + ".." + MAX_ITERATIONS);
        }
    }

    private static byte[] base64(String field, String what) {
        try {
            return Base64.getDecoder().decode(field);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + what + " is not valid Base64");
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance(JCA_NAME).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(JCA_NAME + " is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
