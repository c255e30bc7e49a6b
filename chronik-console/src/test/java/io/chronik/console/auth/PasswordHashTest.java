package io.chronik.console.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void storedFormRoundTripsAndChecksThePassword() {
        PasswordHash hash = PasswordHash.create("s3cret".toCharArray(), PasswordHash.MIN_ITERATIONS, random);
        PasswordHash parsed = PasswordHash.parse(hash.format());

        assertThat(parsed.format()).isEqualTo(hash.format());
        assertThat(parsed.iterations()).isEqualTo(PasswordHash.MIN_ITERATIONS);
        assertThat(parsed.matches("s3cret".toCharArray())).isTrue();
        assertThat(parsed.matches("s3cret ".toCharArray())).isFalse();
        assertThat(parsed.matches(new char[0])).isFalse();
    }

    @Test
    void storedFormHasFourFieldsWithIterationsSaltAndHash() {
        String[] fields = PasswordHash.create("pw".toCharArray(), 12_345, random).format().split(":");

        assertThat(fields).hasSize(4);
        assertThat(fields[0]).isEqualTo("pbkdf2-sha256");
        assertThat(fields[1]).isEqualTo("12345");
        assertThat(Base64.getDecoder().decode(fields[2])).hasSize(PasswordHash.SALT_BYTES);
        assertThat(Base64.getDecoder().decode(fields[3])).hasSize(PasswordHash.HASH_BYTES);
    }

    @Test
    void theSameHashIsSaltedDifferentlyEachTime() {
        String first = PasswordHash.create("pw".toCharArray(), PasswordHash.MIN_ITERATIONS, random).format();
        String second = PasswordHash.create("pw".toCharArray(), PasswordHash.MIN_ITERATIONS, random).format();
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void matchesAKnownPbkdf2Vector() {
        // PBKDF2-HMAC-SHA256("password", "saltSALTsaltSALT", 10000, 32 bytes), computed independently
        // with Python's hashlib.pbkdf2_hmac.
        String salt = Base64.getEncoder().encodeToString("saltSALTsaltSALT".getBytes(StandardCharsets.US_ASCII));
        String stored = "pbkdf2-sha256:10000:" + salt + ":FnBuy/yVr3DzLjNa7k2nD9lZbZBF1u7ifliF6oF89HE=";
        assertThat(PasswordHash.parse(stored).matches("password".toCharArray())).isTrue();
    }

    @Test
    void malformedStoredFormsAreRejectedNamingTheField() {
        String salt = Base64.getEncoder().encodeToString(new byte[16]);
        String hash = Base64.getEncoder().encodeToString(new byte[32]);
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:10000:" + salt))
                .hasMessageContaining("4 fields");
        assertThatThrownBy(() -> PasswordHash.parse("md5:10000:" + salt + ":" + hash))
                .hasMessageContaining("unsupported hash algorithm 'md5'");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:many:" + salt + ":" + hash))
                .hasMessageContaining("iteration count is not a whole number");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:999:" + salt + ":" + hash))
                .hasMessageContaining("999 is outside");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:10000:***:" + hash))
                .hasMessageContaining("salt is not valid Base64");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:10000:" + salt + ":" + salt))
                .hasMessageContaining("hash has 16 bytes");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:10000:AAAA:" + hash))
                .hasMessageContaining("salt has 3 bytes");
    }
}
