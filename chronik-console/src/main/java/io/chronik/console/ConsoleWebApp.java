package io.chronik.console;

import io.chronik.console.rest.RestApi;
import io.chronik.console.ui.ConsoleServices;
import jakarta.servlet.Servlet;
import java.net.URISyntaxException;
import java.net.URL;
import org.eclipse.jetty.ee.webapp.WebAppClassLoader;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletMapping;
import org.eclipse.jetty.ee10.webapp.MetaInfConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * Builds the one servlet context at {@code /} that serves the whole console.
 *
 * <p>How Vaadin gets bootstrapped without Spring: the context is a {@link WebAppContext} with
 * configuration discovery on, so Jetty's annotation scanner runs Vaadin's servlet container
 * initializers; they find the {@code @Route} views and register Vaadin's servlet at {@code /*}. The
 * scan is limited to the Vaadin and Flow jars and to the console's own jar or classes directory (the
 * {@link #SCANNED_JARS} pattern over {@code java.class.path}), which keeps startup near a second. The
 * context has no {@code WEB-INF}: its base resource is the {@value #WEB_ROOT} folder on the class path,
 * and classes come from the console's own class loader (parent first).
 *
 * <p>The REST servlet ({@link RestApi}) is mounted in the same context at more specific path specs than
 * Vaadin's {@code /*}, so both share one port and one HTTP session: a user signed in to the UI is also
 * signed in for REST reads from the same browser.
 *
 * <p>Server push: Vaadin serves its push client ({@value #PUSH_CLIENT}, inside the flow-push jar's
 * {@code META-INF/resources}) through {@code VaadinServletService.getStaticResource}, which on Jetty 12
 * turns the resource's {@code jar:} URL into a {@link java.nio.file.Path} to check that it exists. That
 * only works while a zip file system for the jar is registered with the JDK, which Jetty 12.1 never
 * does, so the server keeps one open itself ({@link RegisteredJarFileSystem}).
 */
final class ConsoleWebApp {

    /** Class path folder used as the context's base resource. */
    static final String WEB_ROOT = "chronik-console-webroot/";
    /** Jars (and class folders) whose annotations and initializers Jetty scans. */
    static final String SCANNED_JARS = ".*/flow-[^/]*\\.jar$|.*/vaadin-[^/]*\\.jar$|.*/chronik-console[^/]*\\.jar$|.*/classes/.*";
    /** Vaadin's push client, as the browser asks for it and as the class path holds it. */
    static final String PUSH_CLIENT = "VAADIN/static/push/vaadinPush-min.js";
    /** Threads of each of Atmosphere's two shared pools (message dispatch, async writes). */
    static final int PUSH_THREADS = 2;
    /** Idle time after which a signed-in session ends. */
    static final int SESSION_TIMEOUT_SECONDS = 30 * 60;

    private ConsoleWebApp() {
    }

    static WebAppContext create(Server server, ConsoleServices services, Servlet restServlet) {
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        server.addBean(new RegisteredJarFileSystem("META-INF/resources/" + PUSH_CLIENT));
        webapp.setBaseResource(ResourceFactory.of(server).newResource(webRoot()));
        webapp.setConfigurationDiscovered(true);
        webapp.setAttribute(MetaInfConfiguration.CONTAINER_JAR_PATTERN, SCANNED_JARS);
        webapp.setParentLoaderPriority(true);
        webapp.setClassLoader(new WebAppClassLoader(ConsoleWebApp.class.getClassLoader(), webapp));
        webapp.setThrowUnavailableOnStartupException(true);
        webapp.setAttribute(ConsoleServices.ATTRIBUTE, services);
        // Atmosphere (Vaadin's push) reads these from the context: small fixed pools instead of its
        // unbounded defaults, shared by every push connection.
        webapp.setInitParameter("org.atmosphere.cpr.broadcaster.maxProcessingThreads", Integer.toString(PUSH_THREADS));
        webapp.setInitParameter("org.atmosphere.cpr.broadcaster.maxAsyncWriteThreads", Integer.toString(PUSH_THREADS));

        webapp.getSessionHandler().setMaxInactiveInterval(SESSION_TIMEOUT_SECONDS);
        webapp.getSessionHandler().setHttpOnly(true);
        webapp.getSessionHandler().setSameSite(HttpCookie.SameSite.LAX);

        ServletHolder rest = new ServletHolder("chronik-rest", restServlet);
        rest.setAsyncSupported(true);
        ServletMapping mapping = new ServletMapping();
        mapping.setServletName(rest.getName());
        mapping.setPathSpecs(RestApi.PATH_SPECS);
        webapp.getServletHandler().addServlet(rest);
        webapp.getServletHandler().addServletMapping(mapping);
        return webapp;
    }

    private static java.net.URI webRoot() {
        URL url = ConsoleWebApp.class.getClassLoader().getResource(WEB_ROOT);
        if (url == null) {
            throw new IllegalStateException("the console's class path lacks the folder " + WEB_ROOT);
        }
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot use " + url + " as the console's web root", e);
        }
    }
}
