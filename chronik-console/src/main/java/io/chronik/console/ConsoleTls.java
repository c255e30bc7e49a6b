package io.chronik.console;

import io.chronik.api.ConfigException;
import io.chronik.spi.PluginProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Optional TLS for the console listener, from the provider's keys:
 * <pre>
 *   console.web.tls.keystore.path=/etc/chronik/console.p12   (turns TLS on)
 *   console.web.tls.keystore.password=...                    (required with a path)
 *   console.web.tls.keystore.type=PKCS12                     (PKCS12 or JKS; default PKCS12)
 *   console.web.tls.key.password=...                         (default: the keystore password)
 * </pre>
 * With TLS on, the listener speaks only HTTPS (TLS 1.2 and 1.3, Jetty's default ciphers) and the
 * session cookie is marked {@code Secure}. The keystore is read once, at start.
 */
final class ConsoleTls {

    static final String KEYSTORE_PATH = "tls.keystore.path";
    static final String KEYSTORE_PASSWORD = "tls.keystore.password";
    static final String KEYSTORE_TYPE = "tls.keystore.type";
    static final String KEY_PASSWORD = "tls.key.password";
    /** Every TLS key. */
    static final Set<String> KEYS = Set.of(KEYSTORE_PATH, KEYSTORE_PASSWORD, KEYSTORE_TYPE, KEY_PASSWORD);

    private ConsoleTls() {
    }

    /**
     * The TLS settings, if {@value #KEYSTORE_PATH} is set.
     *
     * @throws ConfigException naming the key that is missing or wrong
     */
    static Optional<SslContextFactory.Server> fromProperties(PluginProperties properties) {
        Optional<String> path = properties.string(KEYSTORE_PATH);
        if (path.isEmpty()) {
            for (String key : KEYS) {
                if (properties.string(key).isPresent()) {
                    throw new ConfigException(properties.fullKey(key), "is set but " + properties.fullKey(KEYSTORE_PATH)
                            + " is not; set it to turn TLS on");
                }
            }
            return Optional.empty();
        }
        Path keystore = Path.of(path.get());
        if (!Files.isReadable(keystore)) {
            throw new ConfigException(properties.fullKey(KEYSTORE_PATH), "cannot read keystore " + keystore.toAbsolutePath());
        }
        String password = properties.string(KEYSTORE_PASSWORD).orElseThrow(() -> new ConfigException(
                properties.fullKey(KEYSTORE_PASSWORD), "is required with " + properties.fullKey(KEYSTORE_PATH)));
        String type = properties.string(KEYSTORE_TYPE, "PKCS12");
        if (!type.equals("PKCS12") && !type.equals("JKS")) {
            throw new ConfigException(properties.fullKey(KEYSTORE_TYPE), "must be PKCS12 or JKS, not " + type);
        }
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keystore.toAbsolutePath().toString());
        tls.setKeyStorePassword(password);
        tls.setKeyStoreType(type);
        tls.setKeyManagerPassword(properties.string(KEY_PASSWORD).orElse(password));
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        return Optional.of(tls);
    }
}
