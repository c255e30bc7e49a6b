package io.chronik.spi.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.spi.PluginException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginDescriptorTest {

    @TempDir
    Path root;

    @Test
    void readsAllFourKeys() throws IOException {
        Path dir = write("hello", "# a comment\nname = hello\nversion=1.2.0\nspi.version=1\nmodule=com.example.hello\n");

        assertThat(PluginDescriptor.read(dir)).isEqualTo(new PluginDescriptor("hello", "1.2.0", 1, "com.example.hello"));
    }

    @Test
    void aKeyGivenTwiceIsRefused() throws IOException {
        Path dir = write("hello", "name=hello\nversion=1\nversion=2\nspi.version=1\nmodule=m\n");

        assertThatThrownBy(() -> PluginDescriptor.read(dir)).isInstanceOf(PluginException.class)
                .hasMessageContaining(dir.resolve("plugin.properties").toString())
                .hasMessageContaining("key 'version' appears more than once");
    }

    @Test
    void anEmptyValueIsRefused() throws IOException {
        Path dir = write("hello", "name=hello\nversion=  \nspi.version=1\nmodule=m\n");

        assertThatThrownBy(() -> PluginDescriptor.read(dir)).isInstanceOf(PluginException.class)
                .hasMessageContaining("key 'version' is empty");
    }

    @Test
    void spiVersionMustBeAPositiveInteger() throws IOException {
        Path dir = write("hello", "name=hello\nversion=1\nspi.version=1.0\nmodule=m\n");

        assertThatThrownBy(() -> PluginDescriptor.read(dir)).isInstanceOf(PluginException.class)
                .hasMessageContaining("spi.version=1.0 is not an SPI major version");
    }

    @Test
    void everyMissingKeyIsNamed() throws IOException {
        for (String key : new String[] {"name", "version", "spi.version", "module"}) {
            StringBuilder text = new StringBuilder();
            appendUnless(text, key, "name", "hello");
            appendUnless(text, key, "version", "1");
            appendUnless(text, key, "spi.version", "1");
            appendUnless(text, key, "module", "m");
            Path dir = write("hello", text.toString());

            assertThatThrownBy(() -> PluginDescriptor.read(dir)).isInstanceOf(PluginException.class)
                    .hasMessageContaining("missing key '" + key + "'");
        }
    }

    @Test
    void aMalformedEscapeMakesTheFileUnreadable() throws IOException {
        Path dir = write("hello", "name=hello\nversion=\\uZZZZ\nspi.version=1\nmodule=m\n");

        assertThatThrownBy(() -> PluginDescriptor.read(dir)).isInstanceOf(PluginException.class)
                .hasMessageContaining(dir.resolve("plugin.properties") + ": cannot be read");
    }

    private static void appendUnless(StringBuilder text, String left, String key, String value) {
        if (!key.equals(left)) {
            text.append(key).append('=').append(value).append('\n');
        }
    }

    private Path write(String dirName, String text) throws IOException {
        Path dir = Files.createDirectories(root.resolve(dirName));
        Files.writeString(dir.resolve(PluginDescriptor.FILE_NAME), text);
        return dir;
    }
}
