package io.chronik.console;

import io.chronik.console.auth.PasswordHashTool;
import io.chronik.console.auth.UserDirectory;
import io.chronik.console.charts.LiveRates;
import io.chronik.console.kafka.KafkaClients;
import io.chronik.console.kafka.KafkaOperations;
import io.chronik.console.rest.RestApi;
import io.chronik.console.ui.ConsoleServices;
import io.chronik.spi.console.Console;
import io.chronik.spi.console.ConsoleConfig;
import io.chronik.spi.console.ConsoleContext;
import io.chronik.spi.console.ConsoleProvider;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.server.NetworkTrafficServerConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code web} console: the Vaadin UI, the REST API under {@code /api/v1}, {@code /metrics} and
 * {@code /health} on one embedded Jetty server at {@code console.listener}.
 *
 * <p>Keys under {@code console.web.}: {@code user.<name>=<role>:<password hash>} (see
 * {@link UserDirectory}) and {@code tls.*} (see {@link ConsoleTls}). With no user configured, the console makes an {@code admin} with a random
 * password, logs it once at WARN and keeps only its hash, in memory: it changes on every start until
 * a user is configured. (The SPI gives a console no data directory to keep it in.)
 */
public final class WebConsoleProvider implements ConsoleProvider {

    public static final String NAME = "web";
    /** The user made on a start with no user configured. */
    static final String GENERATED_ADMIN = "admin";

    private static final Logger LOG = LoggerFactory.getLogger(WebConsoleProvider.class);
    private static final int MAX_THREADS = 32;
    private static final int MIN_THREADS = 2;
    private static final int THREAD_IDLE_TIMEOUT_MS = 60_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public Console create(ConsoleConfig config, ConsoleContext context) {
        long startNanos = System.nanoTime();
        UserDirectory users = UserDirectory.parse(config.properties(), ConsoleTls.KEYS)
                .orElseGet(() -> generatedAdmin(config));
        Optional<SslContextFactory.Server> tls = ConsoleTls.fromProperties(config.properties());
        ConsoleMetrics metrics = new ConsoleMetrics(context);
        KafkaClients kafkaClients = new KafkaClients(context.node());
        KafkaOperations kafka = KafkaOperations.over(kafkaClients);
        LiveRates rates = LiveRates.start(metrics.registry(), context.node(), context.threads("console-charts"));

        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, THREAD_IDLE_TIMEOUT_MS, -1,
                null, null, context.threads("console-http"));
        pool.setName("chronik-console-http");
        Server server = new Server(pool);
        // A traffic-aware connector, so the connection meters count bytes too; one acceptor, one selector.
        NetworkTrafficServerConnector connector = new NetworkTrafficServerConnector(server, null, null, null, 1, 1,
                connectionFactories(tls));
        connector.setName("console");
        InetSocketAddress listen = config.listen();
        connector.setHost(listen.getHostString());
        connector.setPort(listen.getPort());
        server.addConnector(connector);

        ConsoleServices services = new ConsoleServices(context.node(), users, kafka, rates);
        server.setHandler(metrics.timed(ConsoleWebApp.create(server, services,
                RestApi.servlet(context.node(), users, metrics.registry(), kafka))));
        metrics.bindServer(server);

        WebConsole console = WebConsole.start(server, List.of(rates, kafkaClients, metrics), listen);
        LOG.info("Console listening on {}://{}:{}/ (started in {} ms)", tls.isPresent() ? "https" : "http",
                console.localAddress().getHostString(), console.localAddress().getPort(),
                (System.nanoTime() - startNanos) / 1_000_000);
        return console;
    }

    /** Plain HTTP/1.1, or HTTP/1.1 inside TLS; behind TLS, requests know they are secure (Secure cookies). */
    private static ConnectionFactory[] connectionFactories(Optional<SslContextFactory.Server> tls) {
        if (tls.isEmpty()) {
            return new ConnectionFactory[] {new HttpConnectionFactory()};
        }
        HttpConfiguration https = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Operators reach the console by IP or by a name the certificate may not list; TLS still protects the traffic.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        HttpConnectionFactory http = new HttpConnectionFactory(https);
        return new ConnectionFactory[] {new SslConnectionFactory(tls.get(), http.getProtocol()), http};
    }

    private static UserDirectory generatedAdmin(ConsoleConfig config) {
        SecureRandom random = new SecureRandom();
        char[] password = UserDirectory.randomPassword(random);
        try {
            UserDirectory users = UserDirectory.singleAdmin(GENERATED_ADMIN, password, random);
            LOG.warn("""
                    No console user is configured ({}<name>). Sign in to the console as user '{}' with \
                    the one-time password {} . It is kept only in memory and changes on every start. \
                    To set permanent users, run 'java -cp <chronik lib>/* {} <name> <viewer|admin>', \
                    add the line it prints to conf/chronik.properties and restart.""",
                    config.properties().fullKey(UserDirectory.USER_KEY_PREFIX), GENERATED_ADMIN,
                    new String(password), PasswordHashTool.class.getName());
            return users;
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
