package io.chronik.core.node;

import io.chronik.api.ChronikException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The node's version, stamped into {@code version.properties} by the build. */
public final class ChronikVersion {

    private static final String VERSION = load();

    private ChronikVersion() {
    }

    /** E.g. {@code 0.1.0}; built-in plugins report it as their version too. */
    public static String current() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = ChronikVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new ChronikException("version.properties is missing from chronik-core");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new ChronikException("cannot read version.properties: " + e, e);
        }
    }
}
