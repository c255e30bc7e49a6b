package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chronik.core.log.TopicPartition;
import io.chronik.spi.Time;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class DelayedFetchesTest {

    private static final TopicPartition WATCHED = new TopicPartition("t", 0);
    private static final TopicPartition OTHER = new TopicPartition("t", 1);

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final DelayedFetches delayed = new DelayedFetches(executor,
            Executors.newSingleThreadScheduledExecutor(), Time.SYSTEM);

    @AfterEach
    void stop() {
        delayed.close();
        executor.shutdownNow();
    }

    @Test
    void completesWhenAWatchedPartitionGetsDataAndForgetsTheWaiter() {
        AtomicInteger available = new AtomicInteger();
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<String> result = delayed.await(Set.of(WATCHED), 60_000, () -> {
            attempts.incrementAndGet();
            return available.get() > 0 ? Optional.of("data") : Optional.empty();
        }, () -> "expired");
        await().until(() -> attempts.get() >= 1);

        delayed.onDurable(OTHER);
        assertThat(result).isNotDone();
        available.set(1);
        delayed.onDurable(WATCHED);

        assertThat(result).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("data");
        await().until(() -> delayed.waitingCount() == 0);
    }

    @Test
    void answersWithTheExpiryResultWhenNothingArrives() {
        CompletableFuture<String> result = delayed.await(Set.of(WATCHED), 100, Optional::empty, () -> "expired");

        assertThat(result).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("expired");
        await().until(() -> delayed.waitingCount() == 0);
    }

    @Test
    void dataThatArrivedBeforeRegistrationIsSeen() {
        CompletableFuture<String> result = delayed.await(Set.of(WATCHED), 60_000, () -> Optional.of("already there"),
                () -> "expired");

        assertThat(result).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("already there");
    }
}
