package io.chronik.testkit.wal;

import static io.chronik.testkit.wal.WalAssertions.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/** Runs the same task on several threads at once, released together, as concurrent appenders. */
final class ConcurrentAppenders {

    private ConcurrentAppenders() {
    }

    /** A task run by one of several appender threads. */
    @FunctionalInterface
    interface Appender<T> {
        T run(int appender) throws Exception;
    }

    /** Runs {@code appenders} tasks on as many threads, started together; returns their results in order. */
    static <T> List<T> run(int appenders, Appender<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(appenders);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> results = IntStream.range(0, appenders)
                    .mapToObj(appender -> pool.submit(() -> {
                        start.await();
                        return task.run(appender);
                    }))
                    .toList();
            start.countDown();
            List<T> values = new ArrayList<>();
            for (Future<T> result : results) {
                values.add(await(result));
            }
            return values;
        } finally {
            pool.shutdownNow();
        }
    }
}
