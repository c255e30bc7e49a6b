package io.chronik.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The check Vaadin makes on Jetty 12 for its push client works only while the jar's file system is registered. */
class RegisteredJarFileSystemTest {

    private static final String PUSH_CLIENT = "META-INF/resources/" + ConsoleWebApp.PUSH_CLIENT;

    @Test
    void pathsIntoTheJarResolveWhileRunningAndNoLongerAfterStopping() throws Exception {
        URI pushClient = getClass().getClassLoader().getResource(PUSH_CLIENT).toURI();
        assertThat(pushClient.getScheme()).isEqualTo("jar");
        assertThatThrownBy(() -> Path.of(pushClient)).isInstanceOf(FileSystemNotFoundException.class);

        RegisteredJarFileSystem registered = new RegisteredJarFileSystem(PUSH_CLIENT);
        registered.start();
        assertThat(Files.exists(Path.of(pushClient))).isTrue();
        registered.stop();

        assertThatThrownBy(() -> Path.of(pushClient)).isInstanceOf(FileSystemNotFoundException.class);
    }

    @Test
    void aMissingResourceFailsNamingIt() {
        RegisteredJarFileSystem registered = new RegisteredJarFileSystem("no/such/resource.js");
        assertThatThrownBy(registered::start).hasMessageContaining("no/such/resource.js");
    }
}
