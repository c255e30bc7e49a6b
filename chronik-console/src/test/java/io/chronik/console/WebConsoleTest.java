package io.chronik.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.console.auth.PasswordHash;
import io.chronik.spi.PluginException;
import io.chronik.spi.PluginProperties;
import io.chronik.spi.console.Console;
import io.chronik.spi.console.ConsoleConfig;
import io.chronik.spi.console.ConsoleProvider;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** Starts the {@code web} console through its provider on 127.0.0.1 port 0 and talks HTTP to it. */
@Timeout(60)
class WebConsoleTest {

    private static final String ADMIN_PASSWORD = "correct horse battery staple";
    private static final String VIEWER_PASSWORD = "viewer-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestConsoleContext context;
    private static Console console;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        SecureRandom random = new SecureRandom();
        PluginProperties properties = new PluginProperties("console.web.", Map.of(
                "user.admin", "admin:" + hash(ADMIN_PASSWORD, random),
                "user.viewer", "viewer:" + hash(VIEWER_PASSWORD, random)));
        context = new TestConsoleContext(new FixedNode());
        // Registered before the console publishes: the host's composite registry hands the meter to
        // the console's registry when it is added (values counted before that stay behind).
        Counter events = context.meters().counter("chronik.test.events", "plugin", "test");
        console = webProvider().create(new ConsoleConfig(new InetSocketAddress("127.0.0.1", 0), properties), context);
        events.increment(3);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
    }

    @Test
    void providerIsFoundByName() {
        assertThat(webProvider().spiVersion()).isEqualTo(ConsoleProvider.SPI_VERSION);
        assertThat(console.localAddress().getPort()).isPositive();
    }

    @Test
    void healthIsOpenAndUp() throws Exception {
        HttpResponse<String> response = get("/health", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("{\"status\":\"UP\"}"));
    }

    @Test
    void metricsAreOpenPrometheusTextWithNodeJvmAndJettyMeters() throws Exception {
        get("/health", null);
        HttpResponse<String> response = get("/metrics", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body())
                .contains("# TYPE chronik_test_events_total counter")
                .contains("chronik_test_events_total{plugin=\"test\"} 3.0")
                .contains("jvm_memory_used_bytes{")
                .contains("jvm_threads_live_threads")
                .contains("jetty_threads_config_max{plugin=\"web\"} 32.0")
                .containsPattern("jetty_connections_current_connections\\{connector_name=\"console\",plugin=\"web\"} [1-9]")
                .containsPattern("jetty_connections_bytes_in_bytes_sum\\{connector_name=\"console\",plugin=\"web\"} [1-9]")
                .containsPattern("jetty_server_requests_seconds_count\\{method=\"GET\",outcome=\"SUCCESS\",plugin=\"web\",status=\"200\"} [1-9]");
    }

    @Test
    void anonymousApiCallsAreUnauthorized() throws Exception {
        HttpResponse<String> response = get("/api/v1/node", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Chronik\", charset=\"UTF-8\"");
        assertError(response, 401);
        assertError(get("/api/v1/no-such-thing", null), 401);
    }

    @Test
    void wrongPasswordAndUnknownUserAreUnauthorized() throws Exception {
        assertError(get("/api/v1/node", basic("admin", "wrong")), 401);
        assertError(get("/api/v1/node", basic("nobody", ADMIN_PASSWORD)), 401);
        assertError(get("/api/v1/node", "Basic not-base64!"), 401);
        assertError(get("/api/v1/node", "Bearer " + ADMIN_PASSWORD), 401);
    }

    @Test
    void nodeAnswersIdAndClusterId() throws Exception {
        HttpResponse<String> response = get("/api/v1/node", basic("admin", ADMIN_PASSWORD));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()))
                .isEqualTo(JSON.readTree("{\"nodeId\":7,\"clusterId\":\"test-cluster\"}"));
    }

    @Test
    void pluginsListsEveryDiscoveredProvider() throws Exception {
        HttpResponse<String> response = get("/api/v1/plugins", basic("viewer", VIEWER_PASSWORD));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("""
                [{"spi":"wal","name":"disruptor","version":"0.1.0","source":"built-in","active":true},
                 {"spi":"wal","name":"memory","version":"0.2.0","source":"plugins/memory-wal","active":false},
                 {"spi":"console","name":"web","version":"0.1.0","source":"built-in","active":true}]"""));
    }

    @Test
    void configIsTheNodesEffectiveConfig() throws Exception {
        HttpResponse<String> response = get("/api/v1/config", basic("admin", ADMIN_PASSWORD));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.valueToTree(FixedNode.CONFIG));
        assertThat(response.body()).startsWith("{\"cluster.id\"");
    }

    @Test
    void unknownApiPathIsNotFound() throws Exception {
        HttpResponse<String> response = get("/api/v1/topics-of-the-future", basic("admin", ADMIN_PASSWORD));
        assertError(response, 404);
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains("/api/v1/topics-of-the-future");
    }

    @Test
    void writesNeedAdmin() throws Exception {
        assertError(send("POST", "/api/v1/node", basic("viewer", VIEWER_PASSWORD)), 403);
        assertError(send("DELETE", "/api/v1/config", basic("viewer", VIEWER_PASSWORD)), 403);
        assertError(send("POST", "/api/v1/node", null), 401);
        // An admin passes the check and meets the missing endpoint.
        assertError(send("POST", "/api/v1/node", basic("admin", ADMIN_PASSWORD)), 404);
    }

    @Test
    void uiRootServesTheVaadinBootstrapPage() throws Exception {
        HttpResponse<String> response = get("/", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<!doctype html>").contains("VAADIN/build/");
        HttpResponse<String> robots = get("/robots.txt", null);
        assertThat(robots.statusCode()).isEqualTo(200);
        assertThat(robots.body()).contains("Disallow: /");
    }

    @Test
    void firstStartWithoutUsersLogsAWorkingOneTimeAdminPassword() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(WebConsoleProvider.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (Console fresh = webProvider().create(new ConsoleConfig(new InetSocketAddress("127.0.0.1", 0),
                PluginProperties.empty("console.web.")), new TestConsoleContext(new FixedNode()))) {
            Pattern onePassword = Pattern.compile("one-time password (\\S+) ");
            String password = appender.list.stream()
                    .filter(event -> event.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage)
                    .map(onePassword::matcher)
                    .filter(Matcher::find)
                    .map(m -> m.group(1))
                    .findFirst()
                    .orElseThrow();
            assertThat(password).hasSize(20);
            assertThat(get(fresh, "/api/v1/node", basic("admin", password)).statusCode()).isEqualTo(200);
            assertThat(get(fresh, "/api/v1/node", basic("admin", password + "x")).statusCode()).isEqualTo(401);
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void aTakenPortFailsWithTheAddressInTheMessage() {
        InetSocketAddress taken = console.localAddress();
        ConsoleConfig config = new ConsoleConfig(new InetSocketAddress("127.0.0.1", taken.getPort()),
                PluginProperties.empty("console.web."));
        assertThatThrownBy(() -> webProvider().create(config, new TestConsoleContext(new FixedNode())))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("127.0.0.1:" + taken.getPort());
    }

    @Test
    void closeStopsListening() {
        Console other = webProvider().create(new ConsoleConfig(new InetSocketAddress("127.0.0.1", 0),
                PluginProperties.empty("console.web.")), new TestConsoleContext(new FixedNode()));
        other.close();
        other.close();
        assertThatThrownBy(() -> get(other, "/health", null)).isInstanceOf(ConnectException.class);
    }

    private static ConsoleProvider webProvider() {
        return ServiceLoader.load(ConsoleProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(provider -> provider.name().equals("web"))
                .findFirst()
                .orElseThrow();
    }

    private static String hash(String password, SecureRandom random) {
        return PasswordHash.create(password.toCharArray(), PasswordHash.MIN_ITERATIONS, random).format();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void assertError(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).isNotBlank();
    }

    private static HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        return get(console, path, authorization);
    }

    private static HttpResponse<String> get(Console target, String path, String authorization)
            throws IOException, InterruptedException {
        return send(target, "GET", path, authorization);
    }

    private static HttpResponse<String> send(String method, String path, String authorization)
            throws IOException, InterruptedException {
        return send(console, method, path, authorization);
    }

    private static HttpResponse<String> send(Console target, String method, String path, String authorization)
            throws IOException, InterruptedException {
        InetSocketAddress address = target.localAddress();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + address.getPort() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
