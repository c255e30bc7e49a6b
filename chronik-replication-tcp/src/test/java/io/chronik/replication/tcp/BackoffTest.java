package io.chronik.replication.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final long MS = 1_000_000L;

    @Test
    void doublesWithJitterUpToTheMaximumAndResets() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), new SplittableRandom(1));
        long[] bases = {100, 200, 400, 800, 1000, 1000};
        for (long base : bases) {
            long delay = backoff.nextDelayNanos();
            assertThat(delay).isBetween(base * MS * 80 / 100, Math.min(1000, base * 120 / 100) * MS);
        }
        backoff.reset();
        assertThat(backoff.nextDelayNanos()).isBetween(80 * MS, 120 * MS);
    }

    @Test
    void jitterSpreadsDelays() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(100), new SplittableRandom(2));
        long first = backoff.nextDelayNanos();
        boolean differs = false;
        for (int i = 0; i < 20 && !differs; i++) {
            differs = backoff.nextDelayNanos() != first;
        }
        assertThat(differs).isTrue();
    }

    @Test
    void rejectsMaxBelowInitial() {
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(10), Duration.ofMillis(5), new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
