package io.chronik.core.kafka;

import io.chronik.core.log.PartitionLog;
import io.chronik.core.log.TopicPartition;
import io.chronik.core.metadata.TopicInfo;
import io.chronik.spi.Time;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background retention: one thread for the whole node (not one per partition) that every
 * {@code log.retention.check.interval.ms} applies each topic's {@code retention.ms} and
 * {@code retention.bytes} to each of its partitions ({@link PartitionLog#enforceRetention}). A run
 * never fails the thread: a partition whose deletion fails is logged and retried on the next run.
 */
final class RetentionScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionScheduler.class);

    private final TopicManager topics;
    private final BrokerSettings settings;
    private final Time time;
    private final ScheduledExecutorService thread;

    RetentionScheduler(TopicManager topics, BrokerSettings settings, Time time) {
        this.topics = topics;
        this.settings = settings;
        this.time = time;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "chronik-retention");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the periodic runs. */
    void start() {
        long interval = settings.logDefaults().retentionCheckIntervalMs();
        thread.scheduleWithFixedDelay(this::runSafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.error("Retention run failed; retrying on the next run", e);
        }
    }

    /** Applies retention to every partition once. */
    private void runOnce() {
        long now = time.milliseconds();
        int trimmed = 0;
        for (TopicInfo topic : topics.topics()) {
            if (TopicNames.isInternal(topic.name())) {
                // __consumer_offsets holds the latest commit of every group however old it is: Kafka compacts
                // it instead of deleting by age, and deleting by age here would lose committed offsets.
                continue;
            }
            EffectiveTopicConfig config = EffectiveTopicConfig.of(topic, settings);
            if (config.retentionMs() < 0 && config.retentionBytes() < 0) {
                continue;
            }
            for (int p = 0; p < topic.partitions(); p++) {
                TopicPartition tp = new TopicPartition(topic.name(), p);
                Optional<PartitionLog> log = topics.partition(tp);
                if (log.isEmpty()) {
                    continue;
                }
                if (trim(tp, log.get(), config, now)) {
                    trimmed++;
                }
            }
        }
        if (trimmed > 0) {
            LOG.debug("Retention deleted old records of {} partitions", trimmed);
        }
    }

    /**
     * Applies retention to one partition; a failure (the WAL failed, or the topic was deleted
     * meanwhile) is logged and leaves the other partitions unaffected.
     */
    private static boolean trim(TopicPartition tp, PartitionLog log, EffectiveTopicConfig config, long now) {
        try {
            Optional<CompletableFuture<OptionalLong>> deletion =
                    log.enforceRetention(config.retentionMs(), config.retentionBytes(), now);
            if (deletion.isEmpty()) {
                return false;
            }
            OptionalLong first = deletion.get().join();
            LOG.debug("Retention: {} now starts at {}", tp, first);
            return true;
        } catch (CompletionException e) {
            LOG.error("Retention could not delete old records of {}", tp, e.getCause());
        } catch (RuntimeException e) {
            LOG.warn("Retention skipped {} this run", tp, e);
        }
        return false;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
