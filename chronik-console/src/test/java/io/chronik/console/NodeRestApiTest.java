package io.chronik.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API's topic, message, group, cluster and metadata endpoints against a real node (core, the
 * disruptor WAL and the web console), with a real HTTP client and a real Kafka consumer.
 */
@Timeout(90)
class NodeRestApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static RunningNode node;

    @BeforeAll
    static void start() {
        node = new RunningNode(dir.resolve("data"));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void topicLifecycleProduceBrowseConfigsAndPartitions() throws Exception {
        HttpResponse<String> created = post("/api/v1/topics",
                "{\"name\":\"orders\",\"partitions\":3,\"replicationFactor\":1,\"configs\":{\"retention.ms\":\"600000\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode detail = JSON.readTree(created.body());
        assertThat(detail.get("partitions")).hasSize(3);
        assertThat(detail.get("partitions").get(0).get("leader").asInt()).isEqualTo(node.server().nodeId());
        assertThat(config(detail, "retention.ms")).isEqualTo("600000");

        assertError(post("/api/v1/topics", "{\"name\":\"orders\",\"partitions\":1}"), 409, "already exists");

        HttpResponse<String> produced = post("/api/v1/topics/orders/messages",
                "{\"partition\":1,\"key\":\"k1\",\"value\":\"{\\\"amount\\\":42}\",\"headers\":{\"source\":\"test\"}}");
        assertThat(produced.statusCode()).as(produced.body()).isEqualTo(201);
        assertThat(JSON.readTree(produced.body()).get("partition").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(produced.body()).get("offset").asLong()).isZero();

        JsonNode records = JSON.readTree(get("/api/v1/topics/orders/messages?from=earliest&format=json").body());
        assertThat(records).hasSize(1);
        assertThat(records.get(0).get("key").asText()).isEqualTo("k1");
        assertThat(records.get(0).get("value").asText()).contains("\"amount\" : 42");
        assertThat(records.get(0).get("headers").get(0).get("key").asText()).isEqualTo("source");
        assertThat(records.get(0).get("headers").get(0).get("value").asText()).isEqualTo("test");
        JsonNode hex = JSON.readTree(get("/api/v1/topics/orders/messages?from=offset&value=0&partition=1&format=hex").body());
        assertThat(hex.get(0).get("key").asText()).isEqualTo("6b 31");

        JsonNode listed = JSON.readTree(get("/api/v1/topics?search=ORD").body());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("name").asText()).isEqualTo("orders");
        assertThat(listed.get(0).get("records").asLong()).isEqualTo(1);
        assertThat(listed.get(0).get("sizeBytes").asLong()).isPositive();

        HttpResponse<String> altered = send("PATCH", "/api/v1/topics/orders/configs",
                "{\"retention.ms\":null,\"retention.bytes\":\"1048576\"}");
        assertThat(altered.statusCode()).as(altered.body()).isEqualTo(200);
        assertThat(config(JSON.readTree(altered.body()), "retention.bytes")).isEqualTo("1048576");
        assertThat(config(JSON.readTree(altered.body()), "retention.ms")).isNotEqualTo("600000");

        HttpResponse<String> grown = post("/api/v1/topics/orders/partitions", "{\"count\":5}");
        assertThat(grown.statusCode()).as(grown.body()).isEqualTo(200);
        assertThat(JSON.readTree(grown.body()).get("partitions")).hasSize(5);
        assertError(post("/api/v1/topics/orders/partitions", "{\"count\":2}"), 400, "orders");

        assertThat(send("DELETE", "/api/v1/topics/orders", null).statusCode()).isEqualTo(204);
        assertError(get("/api/v1/topics/orders"), 404, "orders");
        // Nothing in the console brings a deleted topic back (a lingering producer's metadata refresh would).
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> get("/api/v1/topics/orders").statusCode() == 404);
    }

    @Test
    void invalidInputIsA400WithAJsonBody() throws Exception {
        assertError(post("/api/v1/topics", "{\"name\":\"bad name!\"}"), 400, "topic name");
        assertError(post("/api/v1/topics", "{\"name\":\"t\",\"partitions\":0}"), 400, "partitions");
        assertError(post("/api/v1/topics", "{\"name\":\"t\",\"partitions\":\"three\"}"), 400, "'partitions'");
        assertError(post("/api/v1/topics", "{\"partitions\":1}"), 400, "'name' is required");
        assertError(post("/api/v1/topics", "not json"), 400, "not valid JSON");
        assertError(post("/api/v1/topics", "[1,2]"), 400, "JSON object");
        assertError(post("/api/v1/topics", "{\"name\":\"t\",\"configs\":{\"retention.ms\":5}}"), 400, "retention.ms");
        assertError(get("/api/v1/topics/__consumer_offsets/messages?from=sometime"), 400, "sometime");
        assertError(get("/api/v1/topics/__consumer_offsets/messages?limit=1000"), 400, "limit");
        assertError(get("/api/v1/topics/__consumer_offsets/messages?partition=x"), 400, "partition");
        assertError(get("/api/v1/metadata?max=0"), 400, "at most");
        assertError(send("DELETE", "/api/v1/topics/__consumer_offsets", null), 400, "internal");
        assertError(get("/api/v1/topics/nope/messages"), 404, "nope");
        assertError(post("/api/v1/topics/nope/messages", "{\"value\":\"v\"}"), 404, "nope");
        assertError(get("/api/v1/topics/nope"), 404, "nope");
    }

    @Test
    void writesNeedAnAdminAndReadsAnyUser() throws Exception {
        String topic = "{\"name\":\"guarded\"}";
        assertError(node.send("POST", "/api/v1/topics", Optional.of(topic), Optional.empty()), 401, "");
        assertError(node.send("POST", "/api/v1/topics", Optional.of(topic), Optional.of(RunningNode.viewer())), 403,
                "viewer");
        assertError(node.send("DELETE", "/api/v1/topics/__consumer_offsets", Optional.empty(),
                Optional.of(RunningNode.viewer())), 403, "admin");
        assertError(node.send("POST", "/api/v1/groups/g/offsets", Optional.of("{\"to\":\"earliest\"}"),
                Optional.of(RunningNode.viewer())), 403, "admin");
        HttpResponse<String> read = node.send("GET", "/api/v1/topics", Optional.empty(), Optional.of(RunningNode.viewer()));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(read.body()).findValuesAsText("name")).contains("__consumer_offsets");
    }

    @Test
    void groupLagResetAndDelete() throws Exception {
        assertThat(post("/api/v1/topics", "{\"name\":\"events\",\"partitions\":2}").statusCode()).isEqualTo(201);
        for (int i = 0; i < 4; i++) {
            assertThat(post("/api/v1/topics/events/messages", "{\"partition\":" + (i % 2) + ",\"value\":\"e" + i + "\"}")
                    .statusCode()).isEqualTo(201);
        }
        try (KafkaConsumer<String, String> consumer = node.consumer("billing")) {
            consumer.subscribe(List.of("events"));
            List<String> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                return seen.size() == 4;
            });
            consumer.commitSync();
            JsonNode active = JSON.readTree(get("/api/v1/groups/billing").body());
            assertThat(active.get("state").asText()).isEqualTo("Stable");
            assertThat(active.get("members")).hasSize(1);
            assertThat(active.get("members").get(0).get("assignment").toString()).contains("events-0", "events-1");
            assertError(post("/api/v1/groups/billing/offsets", "{\"to\":\"earliest\"}"), 409, "Empty");
        }
        post("/api/v1/topics/events/messages", "{\"partition\":0,\"value\":\"late\"}");

        JsonNode group = JSON.readTree(get("/api/v1/groups/billing").body());
        assertThat(group.get("state").asText()).isEqualTo("Empty");
        assertThat(group.get("totalLag").asLong()).isEqualTo(1);
        assertThat(group.get("offsets").get(0).get("lag").asLong()).isEqualTo(1);
        JsonNode listed = JSON.readTree(get("/api/v1/groups").body());
        assertThat(listed.get(0).get("groupId").asText()).isEqualTo("billing");
        assertThat(listed.get(0).get("totalLag").asLong()).isEqualTo(1);

        HttpResponse<String> reset = post("/api/v1/groups/billing/offsets", "{\"to\":\"earliest\",\"topic\":\"events\"}");
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        assertThat(JSON.readTree(reset.body()).get("totalLag").asLong()).isEqualTo(5);
        HttpResponse<String> toOffset = post("/api/v1/groups/billing/offsets", "{\"to\":\"offset\",\"value\":2}");
        assertThat(JSON.readTree(toOffset.body()).get("offsets").findValuesAsText("committed")).containsExactly("2", "2");
        HttpResponse<String> toTime = post("/api/v1/groups/billing/offsets", "{\"to\":\"timestamp\",\"value\":0}");
        assertThat(JSON.readTree(toTime.body()).get("totalLag").asLong()).isEqualTo(5);
        assertError(post("/api/v1/groups/billing/offsets", "{\"to\":\"offset\"}"), 400, "needs a value");

        // Offsets of a deleted topic stay with the group; the group is still shown.
        assertThat(send("DELETE", "/api/v1/topics/events", null).statusCode()).isEqualTo(204);
        HttpResponse<String> orphaned = get("/api/v1/groups/billing");
        assertThat(orphaned.statusCode()).as(orphaned.body()).isEqualTo(200);
        assertThat(JSON.readTree(orphaned.body()).get("offsets").findValuesAsText("highWatermark")).containsOnly("-1");

        assertThat(send("DELETE", "/api/v1/groups/billing", null).statusCode()).isEqualTo(204);
        assertError(get("/api/v1/groups/billing"), 404, "billing");
    }

    @Test
    void clusterAndMetadataLog() throws Exception {
        JsonNode cluster = JSON.readTree(get("/api/v1/cluster").body());
        assertThat(cluster.get("role").asText()).isEqualTo("LEADER");
        assertThat(cluster.get("metadataLeader").asInt()).isEqualTo(node.server().nodeId());
        assertThat(cluster.get("brokers").get(0).get("kafkaPort").asInt()).isEqualTo(node.server().kafkaPort());

        assertThat(post("/api/v1/topics", "{\"name\":\"audited\",\"partitions\":2}").statusCode()).isEqualTo(201);
        JsonNode entries = JSON.readTree(get("/api/v1/metadata?from=0&max=1000").body());
        assertThat(entries.get(0).get("offset").asLong()).isZero();
        assertThat(entries.get(0).get("timestamp").isNull()).isTrue();
        assertThat(entries.findValuesAsText("content")).anySatisfy(content ->
                assertThat(content).startsWith("topic audited (id ").contains("with 2 partitions"));
        assertThat(entries.findValuesAsText("type")).contains("CreateTopic");
    }

    private static String config(JsonNode detail, String name) {
        for (JsonNode entry : detail.get("configs")) {
            if (entry.get("name").asText().equals(name)) {
                return entry.get("value").asText();
            }
        }
        throw new AssertionError("no config " + name + " in " + detail);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return node.send("GET", path, Optional.empty(), Optional.of(RunningNode.admin()));
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return send("POST", path, json);
    }

    private static HttpResponse<String> send(String method, String path, String json) throws Exception {
        return node.send(method, path, Optional.ofNullable(json), Optional.of(RunningNode.admin()));
    }

    private static void assertError(HttpResponse<String> response, int status, String mentions) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).isNotBlank().contains(mentions);
    }
}
