package io.chronik.console.kafka;

import java.util.Locale;

/**
 * Where the message browser starts reading. A closed set of positions.
 *
 * @param mode  earliest, latest, a given offset or a timestamp
 * @param value the offset or the timestamp in epoch milliseconds (0 for earliest and latest)
 */
public record BrowseStart(Mode mode, long value) {

    /** The kinds of start position. */
    public enum Mode {
        /** The oldest records of each partition, oldest first. */
        EARLIEST,
        /** The newest records, newest first. */
        LATEST,
        /** Records from this offset on in each partition read. */
        OFFSET,
        /** Records written at or after this time. */
        TIMESTAMP
    }

    public BrowseStart {
        if (value < 0) {
            throw ConsoleRequestException.invalid(mode.name().toLowerCase(Locale.ROOT) + " must not be negative, not " + value);
        }
    }

    public static BrowseStart earliest() {
        return new BrowseStart(Mode.EARLIEST, 0);
    }

    public static BrowseStart latest() {
        return new BrowseStart(Mode.LATEST, 0);
    }

    /**
     * Parses a start as given to the REST API: {@code earliest}, {@code latest}, {@code offset} or
     * {@code timestamp}, the latter two with {@code value}.
     */
    public static BrowseStart parse(String mode, String value) {
        Mode parsed;
        try {
            parsed = Mode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ConsoleRequestException.invalid("from '" + mode + "' is unknown; use earliest, latest, offset or timestamp");
        }
        if (parsed == Mode.EARLIEST || parsed == Mode.LATEST) {
            return new BrowseStart(parsed, 0);
        }
        if (value == null || value.isBlank()) {
            throw ConsoleRequestException.invalid("from=" + mode + " needs a value");
        }
        try {
            return new BrowseStart(parsed, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw ConsoleRequestException.invalid("value '" + value + "' is not a whole number");
        }
    }
}
