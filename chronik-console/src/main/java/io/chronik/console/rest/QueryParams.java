package io.chronik.console.rest;

import io.chronik.console.kafka.ConsoleRequestException;
import io.javalin.http.Context;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Numeric query parameters, with a 400 naming the parameter when one is not a whole number. */
final class QueryParams {

    private QueryParams() {
    }

    static OptionalInt integer(Context ctx, String name) {
        OptionalLong value = wholeNumber(ctx, name);
        if (value.isPresent() && (value.getAsLong() < Integer.MIN_VALUE || value.getAsLong() > Integer.MAX_VALUE)) {
            throw ConsoleRequestException.invalid("query parameter '" + name + "' is out of range");
        }
        return value.isPresent() ? OptionalInt.of((int) value.getAsLong()) : OptionalInt.empty();
    }

    static OptionalLong wholeNumber(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw ConsoleRequestException.invalid("query parameter '" + name + "' must be a whole number, not '"
                    + value + "'");
        }
    }
}
