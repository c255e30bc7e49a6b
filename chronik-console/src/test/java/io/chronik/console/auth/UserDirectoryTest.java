package io.chronik.console.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.api.ConfigException;
import io.chronik.spi.PluginProperties;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class UserDirectoryTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void usersAuthenticateWithTheirRole() {
        UserDirectory users = UserDirectory.parse(properties(Map.of(
                "user.alice", "admin:" + hash("alice-pw"),
                "user.bob", " viewer:" + hash("bob-pw") + " "))).orElseThrow();

        assertThat(users.size()).isEqualTo(2);
        assertThat(users.authenticate("alice", "alice-pw".toCharArray()))
                .contains(new ConsoleUser("alice", Role.ADMIN));
        assertThat(users.authenticate("bob", "bob-pw".toCharArray()))
                .contains(new ConsoleUser("bob", Role.VIEWER));
        assertThat(users.authenticate("bob", "alice-pw".toCharArray())).isEmpty();
        assertThat(users.authenticate("carol", "alice-pw".toCharArray())).isEmpty();
        assertThat(Role.ADMIN.mayWrite()).isTrue();
        assertThat(Role.VIEWER.mayWrite()).isFalse();
    }

    @Test
    void noUserKeysMeansNoDirectory() {
        assertThat(UserDirectory.parse(PluginProperties.empty("console.web."))).isEmpty();
    }

    @Test
    void badEntriesFailNamingTheFullKey() {
        assertThatThrownBy(() -> UserDirectory.parse(properties(Map.of("users", "x"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'console.web.users'").hasMessageContaining("unknown key");
        assertThatThrownBy(() -> UserDirectory.parse(properties(Map.of("user.a b", "admin:" + hash("x")))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'console.web.user.a b'").hasMessageContaining("[A-Za-z0-9._-]");
        assertThatThrownBy(() -> UserDirectory.parse(properties(Map.of("user.a", "root:" + hash("x")))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'console.web.user.a'").hasMessageContaining("unknown role 'root'");
        assertThatThrownBy(() -> UserDirectory.parse(properties(Map.of("user.a", "admin"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("expected <role>:<password hash>");
        assertThatThrownBy(() -> UserDirectory.parse(properties(Map.of("user.a", "admin:plaintext"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'console.web.user.a'").hasMessageContaining("4 fields")
                .hasMessageNotContaining("plaintext");
    }

    @Test
    void aGeneratedAdminSignsInWithItsRandomPassword() {
        char[] password = UserDirectory.randomPassword(random);
        UserDirectory users = UserDirectory.singleAdmin("admin", password, random);

        assertThat(password).hasSize(20);
        assertThat(new String(password)).matches("[a-zA-Z2-9]{20}").doesNotContain("l", "I", "O", "0", "1");
        assertThat(users.authenticate("admin", password)).contains(new ConsoleUser("admin", Role.ADMIN));
        assertThat(users.authenticate("admin", "guess".toCharArray())).isEmpty();
    }

    @Test
    @Timeout(60)
    void concurrentChecksTakeTurnsAndAllAnswerCorrectly() throws Exception {
        UserDirectory users = UserDirectory.parse(properties(Map.of("user.alice", "admin:" + hash("alice-pw"))))
                .orElseThrow();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Optional<ConsoleUser>>> right = new ArrayList<>();
            List<Future<Optional<ConsoleUser>>> wrong = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                right.add(pool.submit(() -> users.authenticate("alice", "alice-pw".toCharArray())));
                wrong.add(pool.submit(() -> users.authenticate("alice", "nope".toCharArray())));
            }
            for (Future<Optional<ConsoleUser>> answer : right) {
                assertThat(answer.get()).contains(new ConsoleUser("alice", Role.ADMIN));
            }
            for (Future<Optional<ConsoleUser>> answer : wrong) {
                assertThat(answer.get()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anInterruptedCheckFailsAndKeepsTheInterrupt() {
        UserDirectory users = UserDirectory.parse(properties(Map.of("user.alice", "admin:" + hash("alice-pw"))))
                .orElseThrow();
        Thread.currentThread().interrupt();
        try {
            assertThat(users.authenticate("alice", "alice-pw".toCharArray())).isEmpty();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theHashToolPrintsALineTheConsoleAccepts() {
        String line = PasswordHashTool.line("ops", "viewer", "tool-pw".toCharArray(), random);
        assertThat(line).startsWith("console.web.user.ops=viewer:pbkdf2-sha256:600000:");

        String key = line.substring("console.web.".length(), line.indexOf('='));
        String value = line.substring(line.indexOf('=') + 1);
        UserDirectory users = UserDirectory.parse(properties(Map.of(key, value))).orElseThrow();
        assertThat(users.authenticate("ops", "tool-pw".toCharArray())).contains(new ConsoleUser("ops", Role.VIEWER));
        assertThatThrownBy(() -> PasswordHashTool.line("ops", "boss", "x".toCharArray(), random))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown role 'boss'");
    }

    private String hash(String password) {
        return PasswordHash.create(password.toCharArray(), PasswordHash.MIN_ITERATIONS, random).format();
    }

    private static PluginProperties properties(Map<String, String> values) {
        return new PluginProperties("console.web.", values);
    }
}
