package io.chronik.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertiesTemplateTest {

    @Test
    void listsEveryKeyCommentedOutWithItsDefaultAndVariable() {
        String template = PropertiesTemplate.render();

        for (ConfigKey<?> key : ConfigKeys.ALL) {
            assertThat(template).contains("\n#" + key.name() + "=").contains(key.environmentVariable());
        }
        assertThat(template).contains("\n#wal.flush.policy=batch\n").contains("\n#node.id=1\n");
    }

    @Test
    void setsNothingSoTheShippedFileChangesNoDefault() throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(PropertiesTemplate.render()));

        assertThat(properties).isEmpty();
    }

    @Test
    void mainWritesTheTemplate(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("conf/chronik.properties");

        PropertiesTemplate.main(new String[] {target.toString()});

        assertThat(Files.readString(target)).isEqualTo(PropertiesTemplate.render());
    }
}
