package io.chronik.console.charts;

import io.chronik.api.ChronikNode;
import io.chronik.api.ClusterView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the node's meters every {@value #INTERVAL_SECONDS} seconds for the overview's live charts,
 * keeping the last {@value #POINTS} points of each series (three minutes):
 * <ul>
 *   <li>produce and fetch requests per second: the increase of {@code chronik.kafka.requests}
 *       ({@code api=Produce}, {@code api=Fetch}) over the interval;</li>
 *   <li>fsync latency p99 in milliseconds: from the increase of each bucket of the
 *       {@code chronik.wal.fsync} histogram over the interval, the upper bound of the bucket that
 *       holds the 99th percentile (0 when no fsync happened);</li>
 *   <li>replication lag in metadata entries: the metadata log's end minus its commit point, as the
 *       node reports in {@link ChronikNode#cluster()} (always 0 on a single node, where every durable
 *       entry is committed).</li>
 * </ul>
 *
 * <p>Threading: one daemon thread from the host samples and then runs every listener added with
 * {@link #onSample} (the open overviews, which hand the redraw to their UI); views read {@link Series}
 * copies from any thread. However many views listen, sampling stays on that one thread.
 */
public final class LiveRates implements AutoCloseable {

    static final int INTERVAL_SECONDS = 2;
    static final int POINTS = 90;
    private static final Logger LOG = LoggerFactory.getLogger(LiveRates.class);

    private final MeterRegistry meters;
    private final ChronikNode node;
    private final Series produce = new Series("Produce requests", "req/s", POINTS);
    private final Series fetch = new Series("Fetch requests", "req/s", POINTS);
    private final Series fsyncP99 = new Series("WAL fsync p99", "ms", POINTS);
    private final Series replicationLag = new Series("Metadata replication lag", "entries", POINTS);
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService sampler;
    private double lastProduce = Double.NaN;
    private double lastFetch = Double.NaN;
    private CountAtBucket[] lastFsyncBuckets = new CountAtBucket[0];
    private long lastFsyncCount;

    /**
     * Series that fill only when {@link #sample} is called (tests drive it).
     *
     * @param meters a registry that receives every node meter
     * @param node   the node, for its metadata commit point
     */
    LiveRates(MeterRegistry meters, ChronikNode node) {
        this.meters = meters;
        this.node = node;
    }

    /** Starts sampling every {@value #INTERVAL_SECONDS} seconds on a thread from {@code threads}. */
    public static LiveRates start(MeterRegistry meters, ChronikNode node, ThreadFactory threads) {
        LiveRates rates = new LiveRates(meters, node);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(threads);
        synchronized (rates) {
            rates.sampler = sampler;
        }
        sampler.scheduleAtFixedRate(rates::sampleAndNotify, 0, INTERVAL_SECONDS, TimeUnit.SECONDS);
        return rates;
    }

    /** The series, in the order the overview shows them. */
    public List<Series> series() {
        return List.of(produce, fetch, fsyncP99, replicationLag);
    }

    /**
     * Runs {@code listener} on the sampler thread after every sample until the returned handle is closed.
     * A listener must not block: it only hands work to its own executor (a UI's access queue).
     */
    public Subscription onSample(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Takes one sample, then runs the listeners; a failure of either is logged, never thrown. */
    void sampleAndNotify() {
        try {
            sample();
        } catch (RuntimeException e) {
            LOG.warn("Sampling the console's charts failed", e);
        }
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("A listener of the console's charts failed", e);
            }
        }
    }

    /** Takes one sample of every series. Runs on the sampler thread only (or a test's). */
    synchronized void sample() {
        double produceCount = requests("Produce");
        double fetchCount = requests("Fetch");
        if (!Double.isNaN(lastProduce)) {
            produce.add(Math.max(0, produceCount - lastProduce) / INTERVAL_SECONDS);
            fetch.add(Math.max(0, fetchCount - lastFetch) / INTERVAL_SECONDS);
            fsyncP99.add(fsyncP99Millis());
            ClusterView cluster = node.cluster();
            replicationLag.add(Math.max(0, cluster.metadataEndOffset() - cluster.metadataCommitted()));
        } else {
            fsyncP99Millis(); // the first sample only sets the baseline the next one counts from
        }
        lastProduce = produceCount;
        lastFetch = fetchCount;
    }

    private double requests(String api) {
        Counter counter = meters.find("chronik.kafka.requests").tag("api", api).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The p99 of the fsyncs since the last sample, as the upper bound of its histogram bucket. */
    private double fsyncP99Millis() {
        Timer timer = meters.find("chronik.wal.fsync").timer();
        if (timer == null) {
            return 0;
        }
        HistogramSnapshot snapshot = timer.takeSnapshot();
        CountAtBucket[] buckets = snapshot.histogramCounts();
        CountAtBucket[] before = lastFsyncBuckets;
        long total = snapshot.count() - lastFsyncCount;
        lastFsyncBuckets = buckets;
        lastFsyncCount = snapshot.count();
        if (before.length != buckets.length || buckets.length == 0) {
            return 0;
        }
        if (total <= 0) {
            return 0;
        }
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i].count() - before[i].count() >= 0.99 * total) {
                return buckets[i].bucket(TimeUnit.MILLISECONDS);
            }
        }
        return buckets[buckets.length - 1].bucket(TimeUnit.MILLISECONDS);
    }

    /** A listener's registration; closing it (more than once is fine) stops further calls. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    public synchronized void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }
}
