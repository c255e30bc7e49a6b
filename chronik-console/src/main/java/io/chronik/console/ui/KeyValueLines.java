package io.chronik.console.ui;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses {@code key=value} lines typed into a text area (configs, headers); blank lines are skipped. */
final class KeyValueLines {

    private KeyValueLines() {
    }

    /**
     * @throws IllegalArgumentException naming the first line without {@code =} or with an empty key
     */
    static Map<String, String> parse(String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("line " + (i + 1) + " '" + line + "' is not key=value");
            }
            entries.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
        }
        return entries;
    }
}
