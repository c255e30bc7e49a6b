package io.chronik.core.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class KeyedTimerTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final KeyedTimer timer = new KeyedTimer(scheduler);
    private final List<String> fired = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void reschedulingAKeyReplacesItsTask() {
        timer.schedule("session", 100, () -> fired.add("first"));
        timer.schedule("session", 50, () -> fired.add("second"));
        timer.schedule("other", 150, () -> fired.add("other"));

        await().until(() -> fired.contains("other"));
        assertThat(fired).containsExactly("second", "other");
    }

    @Test
    void aCancelledKeyNeverFiresAndATaskMayRescheduleItsOwnKey() {
        timer.schedule("cancelled", 50, () -> fired.add("cancelled"));
        timer.cancel("cancelled");
        timer.schedule("again", 10, () -> {
            fired.add("once");
            if (fired.size() == 1) {
                timer.schedule("again", 10, () -> fired.add("twice"));
            }
        });
        timer.schedule("last", 200, () -> fired.add("last"));

        await().until(() -> fired.contains("last"));
        assertThat(fired).containsExactly("once", "twice", "last");
    }
}
