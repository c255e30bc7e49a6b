package io.chronik.core.kafka;

import io.chronik.core.cluster.PartitionAssignment;
import io.chronik.core.group.GroupCoordinator;
import io.chronik.core.group.OffsetsTopic;
import io.chronik.core.log.PartitionLog;
import io.chronik.core.log.TopicPartition;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves group coordination with the leadership of the {@code __consumer_offsets} partitions: a
 * group's coordinator is the leader of the group's partition, so when this node becomes a
 * partition's leader it loads the partition's groups, and when it stops leading it unloads them
 * (clients then ask FindCoordinator again and reach the new leader).
 *
 * <p>A new leader loads only once its high watermark has reached the end its log had when it took
 * over: records of the previous leader that the new one holds are committed by then, and nothing a
 * client was told was committed is missed. The wait is bounded ({@value #LOAD_WAIT_MS} ms); a
 * partition whose followers stay away is loaded from what is committed then.
 *
 * <h2>Threading</h2>
 * {@link #assigned} is called on the metadata quorum's thread and never blocks: every load and
 * unload runs in order on one loader thread. Until a coordinator is attached, assignments are only
 * remembered; {@link #attach} loads what this node leads by then before it returns.
 */
final class GroupLeadership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupLeadership.class);
    static final long LOAD_WAIT_MS = 30_000;
    private static final long POLL_MS = 20;

    private final int nodeId;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chronik-group-loader");
        thread.setDaemon(true);
        return thread;
    });
    /** Partitions this node leads, with the leader epoch it leads them in; touched on the loader thread only. */
    private final Map<Integer, Integer> led = new HashMap<>();
    private GroupCoordinator coordinator;
    private Function<TopicPartition, Optional<PartitionLog>> logs;

    GroupLeadership(int nodeId) {
        this.nodeId = nodeId;
    }

    /** Takes note of a partition's new assignment; acts only on {@code __consumer_offsets}. */
    void assigned(PartitionAssignment assignment) {
        if (!assignment.topic().equals(OffsetsTopic.NAME)) {
            return;
        }
        try {
            loader.execute(() -> onAssignment(assignment));
        } catch (RejectedExecutionException e) {
            LOG.debug("group loader stopped; ignoring {}", assignment);
        }
    }

    /**
     * Starts coordinating: loads the groups of every partition this node leads now, then follows
     * leadership changes. Blocks until those loads are done.
     */
    void attach(GroupCoordinator groups, Function<TopicPartition, Optional<PartitionLog>> partitionLogs) {
        try {
            loader.submit(() -> {
                coordinator = groups;
                logs = partitionLogs;
                led.keySet().stream().sorted().forEach(this::load);
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading groups", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        }
    }

    private void onAssignment(PartitionAssignment assignment) {
        int partition = assignment.partition();
        boolean leads = assignment.leader().isPresent() && assignment.leader().getAsInt() == nodeId;
        Integer previous = leads ? led.put(partition, assignment.leaderEpoch()) : led.remove(partition);
        if (coordinator == null) {
            return;
        }
        if (leads && !Integer.valueOf(assignment.leaderEpoch()).equals(previous)) {
            if (previous != null) {
                coordinator.unloadPartition(partition); // led again in a newer epoch: reload what is committed
            }
            load(partition);
        } else if (!leads && previous != null) {
            coordinator.unloadPartition(partition);
        }
    }

    private void load(int partition) {
        TopicPartition tp = new TopicPartition(OffsetsTopic.NAME, partition);
        Optional<PartitionLog> log = logs.apply(tp);
        if (log.isEmpty()) {
            LOG.warn("{} is led here but has no local log; its groups are not served", tp);
            return;
        }
        long end = log.get().logEndOffset();
        long deadline = System.currentTimeMillis() + LOAD_WAIT_MS;
        while (log.get().highWatermark() < end && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (log.get().highWatermark() < end) {
            LOG.warn("{}: loading groups from what is committed ({}), short of the log end {}", tp,
                    log.get().highWatermark(), end);
        }
        try {
            coordinator.loadPartition(partition);
        } catch (RuntimeException e) {
            LOG.error("{}: could not load its groups", tp, e);
        }
    }

    @Override
    public void close() {
        loader.shutdownNow();
    }
}
