package io.chronik.console.rest;

import io.chronik.console.kafka.BrowseStart;
import io.chronik.console.kafka.ConsoleRequestException;
import io.chronik.console.kafka.KafkaOperations;
import io.chronik.console.kafka.NewTopic;
import io.chronik.console.kafka.OutgoingMessage;
import io.chronik.console.kafka.ValueFormat;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The topic endpoints under {@code /api/v1/topics}: list, create, describe, delete, change configs,
 * add partitions, browse and produce messages. Documented in {@code docs/rest-api.md}.
 */
final class TopicRoutes {

    private static final String TOPIC = "/api/v1/topics/{topic}";

    private final KafkaOperations kafka;

    TopicRoutes(KafkaOperations kafka) {
        this.kafka = kafka;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/topics", ctx -> ctx.json(kafka.topics().list(Optional.ofNullable(ctx.queryParam("search")).orElse(""))));
        routes.post("/api/v1/topics", this::create);
        routes.get(TOPIC, ctx -> ctx.json(kafka.topics().describe(topic(ctx))));
        routes.delete(TOPIC, ctx -> {
            kafka.topics().delete(topic(ctx));
            ctx.status(HttpStatus.NO_CONTENT);
        });
        routes.patch(TOPIC + "/configs", ctx -> {
            kafka.topics().alterConfigs(topic(ctx), RequestBody.of(ctx).asNullableTextMap());
            ctx.json(kafka.topics().describe(topic(ctx)));
        });
        routes.post(TOPIC + "/partitions", ctx -> {
            int count = RequestBody.of(ctx).integer("count")
                    .orElseThrow(() -> ConsoleRequestException.invalid("field 'count' is required"));
            kafka.topics().addPartitions(topic(ctx), count);
            ctx.json(kafka.topics().describe(topic(ctx)));
        });
        routes.get(TOPIC + "/messages", this::browse);
        routes.post(TOPIC + "/messages", this::produce);
    }

    private void create(Context ctx) {
        RequestBody body = RequestBody.of(ctx);
        NewTopic topic = new NewTopic(body.requiredText("name"), body.integer("partitions"),
                body.integer("replicationFactor"), body.textMap("configs"));
        kafka.topics().create(topic);
        ctx.status(HttpStatus.CREATED).json(kafka.topics().describe(topic.name()));
    }

    private void browse(Context ctx) {
        BrowseStart start = BrowseStart.parse(Optional.ofNullable(ctx.queryParam("from")).orElse("latest"),
                ctx.queryParam("value"));
        OptionalInt partition = QueryParams.integer(ctx, "partition");
        int limit = QueryParams.integer(ctx, "limit").orElse(20);
        ValueFormat format = ValueFormat.parse(Optional.ofNullable(ctx.queryParam("format")).orElse("text"));
        ctx.json(kafka.browser().read(topic(ctx), partition, start, limit, format));
    }

    private void produce(Context ctx) {
        RequestBody body = RequestBody.of(ctx);
        OutgoingMessage message = new OutgoingMessage(body.integer("partition"), body.text("key"), body.text("value"),
                body.textMap("headers"));
        ctx.status(HttpStatus.CREATED).json(kafka.publisher().publish(topic(ctx), message));
    }

    private static String topic(Context ctx) {
        return ctx.pathParam("topic");
    }
}
