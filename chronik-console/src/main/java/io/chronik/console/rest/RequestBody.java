package io.chronik.console.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.console.kafka.ConsoleRequestException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A JSON object sent to a change endpoint, read field by field so every mistake is answered with a
 * 400 naming the field: a body that is not a JSON object, a field of the wrong type, a missing one.
 */
final class RequestBody {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode object;

    private RequestBody(JsonNode object) {
        this.object = object;
    }

    /** The request's body, which must be a JSON object. */
    static RequestBody of(Context ctx) {
        JsonNode node;
        try {
            node = MAPPER.readTree(ctx.bodyAsBytes());
        } catch (JsonProcessingException e) {
            throw ConsoleRequestException.invalid("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ConsoleRequestException.invalid("the body could not be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw ConsoleRequestException.invalid("the body must be a JSON object");
        }
        return new RequestBody(node);
    }

    String requiredText(String field) {
        return text(field).orElseThrow(() -> ConsoleRequestException.invalid("field '" + field + "' is required"));
    }

    Optional<String> text(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ConsoleRequestException.invalid("field '" + field + "' must be a string");
        }
        return Optional.of(value.asText());
    }

    OptionalInt integer(String field) {
        OptionalLong value = wholeNumber(field);
        if (value.isPresent() && (value.getAsLong() < Integer.MIN_VALUE || value.getAsLong() > Integer.MAX_VALUE)) {
            throw ConsoleRequestException.invalid("field '" + field + "' is out of range");
        }
        return value.isPresent() ? OptionalInt.of((int) value.getAsLong()) : OptionalInt.empty();
    }

    OptionalLong wholeNumber(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return OptionalLong.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw ConsoleRequestException.invalid("field '" + field + "' must be a whole number");
        }
        return OptionalLong.of(value.asLong());
    }

    /** An object of strings (absent: empty). */
    Map<String, String> textMap(String field) {
        Map<String, Optional<String>> values = nullableTextMap(field);
        Map<String, String> present = new LinkedHashMap<>();
        values.forEach((key, value) -> present.put(key, value.orElseThrow(
                () -> ConsoleRequestException.invalid("'" + field + "." + key + "' must be a string"))));
        return present;
    }

    /** The whole body as an object of strings or nulls. */
    Map<String, Optional<String>> asNullableTextMap() {
        return entries(object, "the body");
    }

    private Map<String, Optional<String>> nullableTextMap(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw ConsoleRequestException.invalid("field '" + field + "' must be an object of strings");
        }
        return entries(value, "field '" + field + "'");
    }

    private static Map<String, Optional<String>> entries(JsonNode node, String what) {
        Map<String, Optional<String>> entries = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            JsonNode value = e.getValue();
            if (!value.isNull() && !value.isTextual()) {
                throw ConsoleRequestException.invalid(what + " must map names to strings or null; '" + e.getKey()
                        + "' is not a string");
            }
            entries.put(e.getKey(), value.isNull() ? Optional.empty() : Optional.of(value.asText()));
        });
        return entries;
    }
}
