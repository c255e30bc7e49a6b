package io.chronik.console;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * Keeps the zip file system of the jar that holds one class path resource open and registered with
 * the JDK's zip provider while the server runs, so that {@code Path.of(URI)} resolves {@code jar:} URIs
 * into that jar.
 *
 * <p>Why: on Jetty 12, {@code VaadinServletService.getStaticResource(ServletContext, String)} (flow-server
 * 24.9, lines 325-336) checks that a servlet context resource exists with
 * {@code Files.exists(Path.of(url.toURI()))}. For a resource inside a jar's {@code META-INF/resources}
 * (Vaadin's push client in flow-push) that needs a zip file system registered under the jar's URI.
 * Jetty 12.1 opens jars with {@code FileSystems.newFileSystem(Path, Map)}, which the provider does not
 * register, so nothing is registered and the lookup throws {@code FileSystemNotFoundException}.
 *
 * <p>When the resource is not in a jar (a classes folder in a build), or another party has already
 * registered the jar's file system, starting does nothing and stopping leaves that file system alone.
 */
final class RegisteredJarFileSystem extends AbstractLifeCycle {

    private final String resource;
    private Optional<FileSystem> opened = Optional.empty();

    /** @param resource a class path resource name, such as {@code META-INF/resources/VAADIN/...} */
    RegisteredJarFileSystem(String resource) {
        this.resource = resource;
    }

    @Override
    protected void doStart() throws IOException {
        URL url = RegisteredJarFileSystem.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("the console's class path lacks " + resource);
        }
        if (!"jar".equals(url.getProtocol())) {
            return;
        }
        try {
            opened = Optional.of(FileSystems.newFileSystem(jarRoot(url), Map.of()));
        } catch (FileSystemAlreadyExistsException alreadyRegistered) {
            opened = Optional.empty();
        }
    }

    @Override
    protected void doStop() throws IOException {
        if (opened.isPresent()) {
            opened.get().close();
            opened = Optional.empty();
        }
    }

    /** {@code jar:file:/x.jar!/a/b} to {@code jar:file:/x.jar!/}. */
    private static URI jarRoot(URL url) {
        String spec = url.toString();
        int separator = spec.indexOf("!/");
        if (separator < 0) {
            throw new IllegalStateException("not a jar entry URL: " + url);
        }
        try {
            return new URI(spec.substring(0, separator + 2));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot read the jar of " + url, e);
        }
    }
}
