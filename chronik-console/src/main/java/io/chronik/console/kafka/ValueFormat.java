package io.chronik.console.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/** How the message browser shows a key or value's bytes. A closed set. */
public enum ValueFormat {
    /** UTF-8 text; bytes that are not UTF-8 show as the replacement character. */
    TEXT,
    /** JSON, pretty-printed; bytes that do not parse as JSON are shown as text. */
    JSON,
    /** Hexadecimal, two digits per byte, separated by spaces. */
    HEX;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final HexFormat HEX_DIGITS = HexFormat.ofDelimiter(" ");

    /** Renders {@code bytes} in this format. */
    public String render(byte[] bytes) {
        return switch (this) {
            case TEXT -> new String(bytes, StandardCharsets.UTF_8);
            case HEX -> HEX_DIGITS.formatHex(bytes);
            case JSON -> prettyJson(bytes);
        };
    }

    private static String prettyJson(byte[] bytes) {
        try {
            return MAPPER.writeValueAsString(MAPPER.readTree(bytes));
        } catch (IOException e) {
            return TEXT.render(bytes);
        }
    }

    /** The format named {@code text}, {@code json} or {@code hex} (any case). */
    public static ValueFormat parse(String name) {
        for (ValueFormat format : values()) {
            if (format.name().equalsIgnoreCase(name.trim())) {
                return format;
            }
        }
        throw ConsoleRequestException.invalid("format '" + name + "' is unknown; use text, json or hex");
    }

    /** The name as written in requests. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
