package io.chronik.console.rest;

import io.chronik.console.kafka.BrowseStart;
import io.chronik.console.kafka.KafkaOperations;
import io.chronik.console.kafka.OffsetReset;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpStatus;
import java.util.OptionalLong;

/**
 * The consumer group endpoints under {@code /api/v1/groups}: list, describe, reset offsets, delete.
 * Documented in {@code docs/rest-api.md}.
 */
final class GroupRoutes {

    private static final String GROUP = "/api/v1/groups/{group}";

    private final KafkaOperations kafka;

    GroupRoutes(KafkaOperations kafka) {
        this.kafka = kafka;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/groups", ctx -> ctx.json(kafka.groups().list()));
        routes.get(GROUP, ctx -> ctx.json(kafka.groups().describe(ctx.pathParam("group"))));
        routes.post(GROUP + "/offsets", ctx -> {
            RequestBody body = RequestBody.of(ctx);
            OptionalLong value = body.wholeNumber("value");
            BrowseStart to = BrowseStart.parse(body.requiredText("to"),
                    value.isPresent() ? Long.toString(value.getAsLong()) : null);
            ctx.json(kafka.groups().resetOffsets(ctx.pathParam("group"), new OffsetReset(to, body.text("topic"))));
        });
        routes.delete(GROUP, ctx -> {
            kafka.groups().delete(ctx.pathParam("group"));
            ctx.status(HttpStatus.NO_CONTENT);
        });
    }
}
