package io.chronik.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the documented {@code conf/chronik.properties} the distribution ships: every key of
 * {@link ConfigKeys}, commented out, with its documentation, value form, default and environment
 * variable. The build runs {@link #main} so the file never drifts from the key table.
 */
public final class PropertiesTemplate {

    private static final int WIDTH = 100;

    private static final String HEADER = """
            # Chronik node configuration.
            #
            # Every key is shown commented out with its default. Precedence, lowest first: the defaults,
            # this file, CHRONIK_* environment variables (CHRONIK_ + the key in upper case with . and -
            # turned into _), and `bin/chronik run --set key=value`. An unknown key or a bad value stops
            # startup with an error naming the key.
            #
            # Plugin keys: <spi>.<provider>.<key>, e.g. wal.disruptor.ring.size, are handed to the
            # selected provider, which validates them; a key for a provider that is not selected is an
            # error.
            """;

    private PropertiesTemplate() {
    }

    /** The template text. */
    public static String render() {
        StringBuilder out = new StringBuilder(HEADER);
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            out.append('\n');
            for (String line : wrap(key.doc(), WIDTH - 2)) {
                out.append("# ").append(line).append('\n');
            }
            out.append("# Value: ").append(key.type().description()).append(". Environment: ")
                    .append(key.environmentVariable()).append('\n');
            if (key.defaultValue() instanceof ConfigKey.Literal<?> literal) {
                out.append('#').append(key.name()).append('=').append(literal.text()).append('\n');
            } else {
                out.append("# Default: ").append(key.defaultValue().describe()).append('\n');
                out.append('#').append(key.name()).append("=\n");
            }
        }
        return out.toString();
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    /** Writes the template to the file named by the only argument, creating its directory. */
    public static void main(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: PropertiesTemplate <output file>");
        }
        Path target = Path.of(args[0]);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.writeString(target, render(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
