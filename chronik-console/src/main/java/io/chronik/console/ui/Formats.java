package io.chronik.console.ui;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How views write sizes and times: binary units, UTC ISO-like timestamps. */
final class Formats {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Formats() {
    }

    /** {@code bytes} in the largest binary unit that keeps the number at least 1, such as {@code 1.5 MiB}. */
    static String bytes(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** An epoch-millisecond time in UTC. */
    static String time(long epochMillis) {
        return UTC.format(Instant.ofEpochMilli(epochMillis));
    }

    static String time(Instant instant) {
        return UTC.format(instant);
    }
}
