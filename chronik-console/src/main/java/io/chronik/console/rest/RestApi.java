package io.chronik.console.rest;

import io.chronik.api.ChronikNode;
import io.chronik.console.auth.UserDirectory;
import io.chronik.console.kafka.ConsoleRequestException;
import io.chronik.console.kafka.KafkaOperations;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.Servlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP endpoints other than the UI, as one Javalin servlet: the REST API under
 * {@code /api/v1} (login required, see {@link ApiAuthenticator}), {@code /metrics} (Prometheus text
 * format) and {@code /health}, both open. Javalin never starts a server of its own: the servlet is
 * mounted in the console's Jetty context, and routes match the full path below the context root.
 *
 * <p>Every error answer under {@code /api/} is an {@link ApiError} JSON body with the same status code
 * as the response. The endpoints are documented in {@code docs/rest-api.md}.
 *
 * <p>Topics, messages and groups go through {@link KafkaOperations} (the node's Kafka listener); a
 * {@link ConsoleRequestException} becomes its kind's status (400 bad input, 404, 409, 422, 503), and
 * an {@link IllegalArgumentException} from the node (such as a bad metadata range) a 400.
 *
 * <p>Thread-safe: handlers run on Jetty's request threads; the node and the Kafka operations are thread-safe.
 */
public final class RestApi {

    /** The servlet path specs this servlet must be mounted at. */
    public static final String[] PATH_SPECS = {"/api/*", "/metrics", "/health"};
    /** The Prometheus text exposition format, version 0.0.4. */
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);

    private RestApi() {
    }

    /** Builds the servlet; nothing listens until the servlet is mounted in a started server. */
    public static Servlet servlet(ChronikNode node, UserDirectory users, PrometheusMeterRegistry prometheus,
                                  KafkaOperations kafka) {
        Javalin app = Javalin.create(config -> {
            config.jsonMapper(JsonSupport.mapper());
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.startup.startupWatcherEnabled = false;

            config.routes.get("/health", ctx -> ctx.json(HealthStatus.UP));
            config.routes.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_CONTENT_TYPE).result(prometheus.scrape()));

            config.routes.before("/api/*", new ApiAuthenticator(users));
            config.routes.get("/api/v1/node", ctx -> ctx.json(NodeSummary.of(node)));
            config.routes.get("/api/v1/plugins", ctx -> ctx.json(node.plugins()));
            config.routes.get("/api/v1/config", ctx -> ctx.json(node.effectiveConfig()));
            config.routes.get("/api/v1/cluster", ctx -> ctx.json(node.cluster()));
            config.routes.get("/api/v1/metadata", ctx -> ctx.json(node.metadataEntries(
                    QueryParams.wholeNumber(ctx, "from").orElse(0), QueryParams.integer(ctx, "max").orElse(100))));
            new TopicRoutes(kafka).register(config.routes);
            new GroupRoutes(kafka).register(config.routes);

            config.routes.exception(NotFoundResponse.class, (e, ctx) -> {
                int status = HttpStatus.NOT_FOUND.getCode();
                ctx.status(status).json(new ApiError("no endpoint " + ctx.method() + " " + ctx.path(), status));
            });
            config.routes.exception(ConsoleRequestException.class, (e, ctx) ->
                    ctx.status(e.kind().httpStatus()).json(new ApiError(e.getMessage(), e.kind().httpStatus())));
            config.routes.exception(IllegalArgumentException.class, (e, ctx) -> {
                int status = HttpStatus.BAD_REQUEST.getCode();
                ctx.status(status).json(new ApiError(e.getMessage(), status));
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) ->
                    ctx.status(e.getStatus()).json(new ApiError(e.getMessage(), e.getStatus())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("Console REST request {} {} failed", ctx.method(), ctx.path(), e);
                int status = HttpStatus.INTERNAL_SERVER_ERROR.getCode();
                ctx.status(status).json(new ApiError("internal error; the node's log has the details", status));
            });
        });
        return app.javalinServlet();
    }
}
