package io.chronik.core.config;

import io.chronik.spi.wal.FlushPolicy;
import io.chronik.spi.wal.WalConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How the value of a configuration key is written: a parser from text and a formatter back to the
 * same text form, used by the effective-config view. A parser throws {@link IllegalArgumentException}
 * whose message says what is wrong with the value; the loader adds the key and where the value came
 * from. (The flush policy's parser is the SPI's own {@code FlushPolicy.parse}, which names the key
 * itself.)
 *
 * @param description what an admin writes, shown in {@code chronik.properties}
 * @param parser      text to value
 * @param formatter   value to text
 * @param <T>         the value's type
 */
public record ValueType<T>(String description, Function<String, T> parser, Function<T, String> formatter) {

    private static final Pattern CLUSTER_ID_PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** What a provider name may be (see {@link io.chronik.spi.PluginProvider#name()}). */
    static final Pattern PROVIDER_NAME_PATTERN = Pattern.compile("[a-z0-9-]{1,32}");

    public static final ValueType<Integer> NODE_ID = new ValueType<>("a whole number 0-2147483647",
            text -> (int) parseLong(text, 0, Integer.MAX_VALUE), String::valueOf);

    public static final ValueType<Integer> PARTITIONS = new ValueType<>("a whole number 1-100000",
            text -> (int) parseLong(text, 1, 100_000), String::valueOf);

    public static final ValueType<Long> MILLIS_OR_UNLIMITED = new ValueType<>(
            "milliseconds, or -1 for no limit", text -> parseLong(text, -1, Long.MAX_VALUE), String::valueOf);

    public static final ValueType<Long> BYTES_OR_UNLIMITED = new ValueType<>(
            "bytes, or -1 for no limit", text -> parseLong(text, -1, Long.MAX_VALUE), String::valueOf);

    public static final ValueType<Long> POSITIVE_MILLIS = new ValueType<>("milliseconds, at least 1",
            text -> parseLong(text, 1, Long.MAX_VALUE), String::valueOf);

    public static final ValueType<Long> POSITIVE_COUNT = new ValueType<>("a whole number, at least 1",
            text -> parseLong(text, 1, Long.MAX_VALUE), String::valueOf);

    public static final ValueType<Integer> REPLICA_COUNT = new ValueType<>("a whole number 1-32",
            text -> (int) parseLong(text, 1, 32), String::valueOf);

    public static final ValueType<Integer> INT_MILLIS = new ValueType<>("milliseconds, 0-2147483647",
            text -> (int) parseLong(text, 0, Integer.MAX_VALUE), String::valueOf);

    public static final ValueType<Integer> POSITIVE_INT_MILLIS = new ValueType<>("milliseconds, 1-2147483647",
            text -> (int) parseLong(text, 1, Integer.MAX_VALUE), String::valueOf);

    public static final ValueType<Boolean> LOG_APPEND_TIME = new ValueType<>("CreateTime or LogAppendTime",
            ValueType::parseTimestampType, logAppendTime -> logAppendTime ? "LogAppendTime" : "CreateTime");

    public static final ValueType<Boolean> BOOLEAN = new ValueType<>("true or false",
            ValueType::parseBoolean, String::valueOf);

    public static final ValueType<Path> PATH = new ValueType<>("a directory path",
            ValueType::parsePath, Path::toString);

    public static final ValueType<Listener> LISTENER = new ValueType<>("host:port",
            Listener::parse, Listener::toString);

    public static final ValueType<List<Voter>> VOTERS = new ValueType<>(
            "id@host:port[/forwardingPort], comma-separated", Voter::parseList, Voter::format);

    public static final ValueType<Optional<String>> CLUSTER_ID = new ValueType<>("1-64 of [A-Za-z0-9._-]",
            text -> Optional.of(parseClusterId(text)), value -> value.orElse(""));

    public static final ValueType<String> PROVIDER = new ValueType<>("a provider name, 1-32 of [a-z0-9-]",
            ValueType::parseProviderName, Function.identity());

    public static final ValueType<Optional<String>> OPTIONAL_PROVIDER = new ValueType<>(PROVIDER.description(),
            text -> Optional.of(parseProviderName(text)), value -> value.orElse(""));

    public static final ValueType<FlushPolicy> FLUSH_POLICY = new ValueType<>("batch, interval:<ms> or none",
            ValueType::parseFlushPolicy, ValueType::formatFlushPolicy);

    public static final ValueType<Long> SEGMENT_BYTES = bytes(WalConfig.MIN_SEGMENT_BYTES, WalConfig.MAX_SEGMENT_BYTES);

    public static final ValueType<Long> RECORD_BYTES = bytes(WalConfig.MIN_RECORD_BYTES, WalConfig.MAX_RECORD_BYTES);

    /** Parses {@code text}, naming nothing but the value in errors. */
    public T parse(String text) {
        return parser.apply(text);
    }

    /** The text form of {@code value}. */
    public String format(T value) {
        return formatter.apply(value);
    }

    /**
     * A size in bytes between {@code min} and {@code max}: a whole number, optionally followed by
     * {@code KiB}, {@code MiB} or {@code GiB}.
     */
    static ValueType<Long> bytes(long min, long max) {
        return new ValueType<>("bytes " + min + "-" + max + " (suffixes KiB, MiB, GiB allowed)",
                text -> parseBytes(text, min, max), String::valueOf);
    }

    private static long parseBytes(String text, long min, long max) {
        String value = text.trim();
        long unit = 1;
        for (String suffix : List.of("KiB", "MiB", "GiB")) {
            unit <<= 10;
            if (value.endsWith(suffix)) {
                long count = parseLong(value.substring(0, value.length() - 3).trim(), 0, max / unit);
                return checkRange(count * unit, min, max);
            }
        }
        return parseLong(value, min, max);
    }

    private static long parseLong(String text, long min, long max) {
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not a whole number");
        }
        return checkRange(value, min, max);
    }

    private static long checkRange(long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(value + " is outside " + min + ".." + max);
        }
        return value;
    }

    /** Kafka's {@code message.timestamp.type} values; true for {@code LogAppendTime}. */
    private static boolean parseTimestampType(String text) {
        return switch (text.trim()) {
            case "CreateTime" -> false;
            case "LogAppendTime" -> true;
            default -> throw new IllegalArgumentException("'" + text.trim() + "' is neither CreateTime nor LogAppendTime");
        };
    }

    private static boolean parseBoolean(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got '" + text.trim() + "'");
        };
    }

    private static Path parsePath(String text) {
        String value = text.trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("path must not be empty");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("invalid path '" + value + "': " + e.getReason());
        }
    }

    private static String parseClusterId(String text) {
        String value = text.trim();
        if (!CLUSTER_ID_PATTERN.matcher(value).matches()) {
            throw new IllegalArgumentException("expected 1-64 characters of [A-Za-z0-9._-], got '" + value + "'");
        }
        return value;
    }

    private static String parseProviderName(String text) {
        String value = text.trim();
        if (!PROVIDER_NAME_PATTERN.matcher(value).matches()) {
            throw new IllegalArgumentException("expected a provider name of 1-32 characters [a-z0-9-], got '"
                    + value + "'");
        }
        return value;
    }

    /** The one parser that throws {@link io.chronik.api.ConfigException} itself, already naming its key. */
    private static FlushPolicy parseFlushPolicy(String text) {
        return FlushPolicy.parse("wal.flush.policy", text);
    }

    private static String formatFlushPolicy(FlushPolicy policy) {
        if (policy instanceof FlushPolicy.Interval interval) {
            return "interval:" + interval.intervalMs();
        }
        return policy instanceof FlushPolicy.Batch ? "batch" : "none";
    }
}
