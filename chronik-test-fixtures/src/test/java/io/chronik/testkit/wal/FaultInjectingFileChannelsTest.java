package io.chronik.testkit.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FaultInjectingFileChannelsTest {

    private static final Set<StandardOpenOption> CREATE = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);

    @TempDir
    Path directory;

    private final FaultInjectingFileChannels files = new FaultInjectingFileChannels();

    @Test
    void countsWritesAndForcesPerFileAndPassesThemOn() throws IOException {
        Path a = directory.resolve("a");
        Path b = directory.resolve("b");
        try (FileChannel first = files.open(a, CREATE); FileChannel second = files.open(b, CREATE)) {
            first.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            first.write(ByteBuffer.wrap(new byte[] {4}), 3);
            first.force(false);
            second.force(true);
        }

        assertThat(Files.readAllBytes(a)).containsExactly(1, 2, 3, 4);
        assertThat(files.writes(a)).isEqualTo(2);
        assertThat(files.forces(a)).isEqualTo(1);
        assertThat(files.writes(b)).isZero();
        assertThat(files.forces(b)).isEqualTo(1);
        assertThat(files.writes()).isEqualTo(2);
        assertThat(files.forces()).isEqualTo(2);
        assertThat(files.openedFiles()).containsExactly(a.toAbsolutePath(), b.toAbsolutePath());
    }

    @Test
    void failsOnlyTheNthForceAndTheNthWrite() throws IOException {
        try (FileChannel channel = files.open(directory.resolve("f"), CREATE)) {
            files.failForce(2);
            files.failWrite(1);

            assertThatThrownBy(() -> channel.write(ByteBuffer.wrap(new byte[] {1})))
                    .isInstanceOf(IOException.class).hasMessageContaining("injected write failure");
            channel.write(ByteBuffer.wrap(new byte[] {2}));
            channel.force(false);
            assertThatThrownBy(() -> channel.force(false))
                    .isInstanceOf(IOException.class).hasMessageContaining("injected force failure");
            channel.force(false);
            assertThat(channel.size()).as("the failed write never reached the file").isEqualTo(1);
        }
        assertThat(files.forces()).isEqualTo(3);
    }

    @Test
    void holdsForcesUntilReleasedOrFailed() throws Exception {
        try (FileChannel channel = files.open(directory.resolve("h"), CREATE)) {
            files.holdForces();
            CompletableFuture<Void> released = CompletableFuture.runAsync(() -> force(channel));
            assertThat(files.awaitHeldForce(Duration.ofSeconds(10))).isTrue();
            assertThat(released).isNotDone();
            files.releaseForces();
            released.join();

            files.holdForces();
            CompletableFuture<Void> failed = CompletableFuture.runAsync(() -> force(channel));
            assertThat(files.awaitHeldForce(Duration.ofSeconds(10))).isTrue();
            files.failHeldForces();
            assertThatThrownBy(failed::join).isInstanceOf(CompletionException.class)
                    .hasRootCauseInstanceOf(IOException.class);

            channel.force(false);
            assertThat(files.heldForces()).isZero();
            assertThat(files.awaitForces(3, Duration.ofSeconds(1))).isTrue();
        }
    }

    private static void force(FileChannel channel) {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
