package io.chronik.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.api.ConfigException;
import io.chronik.spi.PluginProperties;
import io.chronik.spi.console.Console;
import io.chronik.spi.console.ConsoleConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The console listener with TLS from {@code console.web.tls.*}: HTTPS only, and bad settings named. */
@Timeout(60)
class ConsoleTlsTest {

    private static final String PASSWORD = "keystore-secret";

    @TempDir
    Path dir;

    @Test
    void servesHttpsOnlyWithTheConfiguredKey() throws Exception {
        Path keystore = selfSignedKeystore();
        PluginProperties properties = new PluginProperties("console.web.", Map.of(
                "tls.keystore.path", keystore.toString(), "tls.keystore.password", PASSWORD));
        try (Console console = new WebConsoleProvider().create(new ConsoleConfig(
                new InetSocketAddress("127.0.0.1", 0), properties), new TestConsoleContext(new FixedNode()))) {
            int port = console.localAddress().getPort();
            HttpClient https = HttpClient.newBuilder().sslContext(trusting(keystore))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> health = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("UP");
            assertThat(health.sslSession()).hasValueSatisfying(session ->
                    assertThat(session.getProtocol()).isIn("TLSv1.3", "TLSv1.2"));

            HttpRequest plain = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(10)).build();
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(plain, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void badTlsSettingsNameTheKey() throws Exception {
        Path keystore = selfSignedKeystore();
        assertThatThrownBy(() -> ConsoleTls.fromProperties(properties(Map.of("tls.keystore.path", keystore.toString()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("console.web.tls.keystore.password");
        assertThatThrownBy(() -> ConsoleTls.fromProperties(properties(Map.of("tls.keystore.password", PASSWORD))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("console.web.tls.keystore.path");
        assertThatThrownBy(() -> ConsoleTls.fromProperties(properties(Map.of("tls.keystore.path",
                dir.resolve("missing.p12").toString(), "tls.keystore.password", PASSWORD))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read keystore");
        assertThatThrownBy(() -> ConsoleTls.fromProperties(properties(Map.of("tls.keystore.path", keystore.toString(),
                "tls.keystore.password", PASSWORD, "tls.keystore.type", "PEM"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PKCS12 or JKS");
        assertThat(ConsoleTls.fromProperties(properties(Map.of()))).isEmpty();
        assertThatThrownBy(() -> new WebConsoleProvider().create(new ConsoleConfig(new InetSocketAddress("127.0.0.1", 0),
                properties(Map.of("tls.unknown", "x"))), new TestConsoleContext(new FixedNode())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("console.web.tls.unknown");
    }

    private static PluginProperties properties(Map<String, String> values) {
        return new PluginProperties("console.web.", values);
    }

    /** A PKCS12 keystore with a self-signed EC key for 127.0.0.1, made by the JDK's keytool. */
    private Path selfSignedKeystore() throws Exception {
        Path keystore = dir.resolve("console.p12");
        if (Files.exists(keystore)) {
            return keystore;
        }
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "console",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD))
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
        return keystore;
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("console", store.getCertificate("console"));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
