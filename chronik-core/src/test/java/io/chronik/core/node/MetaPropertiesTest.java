package io.chronik.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.api.ChronikException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetaPropertiesTest {

    @TempDir
    Path dir;

    @Test
    void writesAtomicallyAndReadsBack() {
        assertThat(MetaProperties.read(dir)).isEmpty();

        new MetaProperties(3, "c-1").write(dir);
        new MetaProperties(3, "c-2").write(dir);

        assertThat(MetaProperties.read(dir)).contains(new MetaProperties(3, "c-2"));
        assertThat(dir.resolve(MetaProperties.FILE_NAME + ".tmp")).doesNotExist();
    }

    @Test
    void refusesAFileOfAnotherVersionOrADamagedOne() throws IOException {
        Path file = dir.resolve(MetaProperties.FILE_NAME);

        Files.writeString(file, "version=2\nnode.id=1\ncluster.id=x\n");
        assertThatThrownBy(() -> MetaProperties.read(dir)).isInstanceOf(ChronikException.class)
                .hasMessageContaining("has version '2', this node reads version 1");

        Files.writeString(file, "version=1\nnode.id=1\n");
        assertThatThrownBy(() -> MetaProperties.read(dir)).hasMessageContaining("is damaged: it lacks");

        Files.writeString(file, "version=1\nnode.id=one\ncluster.id=x\n");
        assertThatThrownBy(() -> MetaProperties.read(dir)).hasMessageContaining("node.id 'one' is not a number");
    }

    @Test
    void aDataDirectoryThatIsAFileCannotBeUsed() throws IOException {
        Path file = Files.writeString(dir.resolve("data"), "not a directory");

        assertThatThrownBy(() -> DataDirectory.lock(file)).isInstanceOf(ChronikException.class)
                .hasMessageStartingWith("cannot use data directory " + file);
    }

    @Test
    void theLockIsReleasedOnClose() {
        DataDirectory.lock(dir).close();
        try (DataDirectory again = DataDirectory.lock(dir)) {
            assertThat(again.path()).isEqualTo(dir.toAbsolutePath());
        }
    }
}
