package io.chronik.console;

import io.chronik.console.auth.PasswordHash;
import io.chronik.core.config.ConfigLoader;
import io.chronik.core.node.ChronikServer;
import io.chronik.spi.loader.PluginLoader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A real node for console tests: core with its built-in plugins (disruptor WAL, TCP transports) and
 * the {@code web} console, every listener on 127.0.0.1 port 0, data in the given directory. Users:
 * {@value #ADMIN} (admin) and {@value #VIEWER} (viewer), passwords {@link #ADMIN_PASSWORD} and
 * {@link #VIEWER_PASSWORD}.
 */
final class RunningNode implements AutoCloseable {

    static final String ADMIN = "root";
    static final String ADMIN_PASSWORD = "admin-password-1";
    static final String VIEWER = "watcher";
    static final String VIEWER_PASSWORD = "viewer-password-1";

    private final ChronikServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RunningNode(Path dataDir, String... extraSettings) {
        SecureRandom random = new SecureRandom();
        List<String> settings = new ArrayList<>(List.of("data.dir=" + dataDir,
                "kafka.listener=127.0.0.1:0", "replication.listener=127.0.0.1:0", "forwarding.listener=127.0.0.1:0",
                "console.listener=127.0.0.1:0", "group.initial.rebalance.delay.ms=0",
                "console.web.user." + ADMIN + "=admin:" + hash(ADMIN_PASSWORD, random),
                "console.web.user." + VIEWER + "=viewer:" + hash(VIEWER_PASSWORD, random)));
        settings.addAll(List.of(extraSettings));
        server = ChronikServer.start(ConfigLoader.load(ConfigLoader.Sources.defaults()
                .withOverrides(settings.toArray(String[]::new))), PluginLoader.builtIns("0.1.0"));
    }

    private static String hash(String password, SecureRandom random) {
        return PasswordHash.create(password.toCharArray(), PasswordHash.MIN_ITERATIONS, random).format();
    }

    ChronikServer server() {
        return server;
    }

    /** The console's base URL, such as {@code http://127.0.0.1:41234}. */
    String consoleUrl() {
        InetSocketAddress address = server.consoleAddress().orElseThrow();
        return "http://127.0.0.1:" + address.getPort();
    }

    String bootstrap() {
        return "127.0.0.1:" + server.kafkaPort();
    }

    /** A consumer in {@code group} that commits only when told to. */
    KafkaConsumer<String, String> consumer(String group) {
        return new KafkaConsumer<>(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String admin() {
        return basic(ADMIN, ADMIN_PASSWORD);
    }

    static String viewer() {
        return basic(VIEWER, VIEWER_PASSWORD);
    }

    /** Sends a request with an optional JSON body and {@code Authorization} header. */
    HttpResponse<String> send(String method, String path, Optional<String> json, Optional<String> authorization)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(consoleUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, json.map(HttpRequest.BodyPublishers::ofString).orElse(HttpRequest.BodyPublishers.noBody()));
        json.ifPresent(body -> request.header("Content-Type", "application/json"));
        authorization.ifPresent(value -> request.header("Authorization", value));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
    }
}
