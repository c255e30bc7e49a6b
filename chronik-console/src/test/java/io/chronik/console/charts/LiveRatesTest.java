package io.chronik.console.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.api.ChronikNode;
import io.chronik.api.ClusterView;
import io.chronik.api.MetadataEntry;
import io.chronik.api.PluginInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LiveRatesTest {

    /** As in the console: the node's meters reach a Prometheus registry, whose histograms are cumulative. */
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private long metadataEnd = 10;
    private final LiveRates rates = new LiveRates(meters, new Cluster());

    @Test
    void ratesAreTheIncreaseOverTheIntervalAndP99IsTheBucketOfTheSlowFsyncs() {
        Counter produce = Counter.builder("chronik.kafka.requests").tag("api", "Produce").register(meters);
        Counter fetch = Counter.builder("chronik.kafka.requests").tag("api", "Fetch").register(meters);
        Timer fsync = Timer.builder("chronik.wal.fsync").publishPercentileHistogram().register(meters);
        produce.increment(100);
        fsync.record(Duration.ofMillis(1));
        rates.sample(); // baseline only
        assertThat(rates.series()).allSatisfy(series -> assertThat(series.values()).isEmpty());

        produce.increment(20);
        fetch.increment(4);
        for (int i = 0; i < 98; i++) {
            fsync.record(Duration.ofMillis(2));
        }
        fsync.record(Duration.ofMillis(40));
        fsync.record(Duration.ofMillis(40));
        metadataEnd = 13;
        rates.sample();

        List<Series> series = rates.series();
        assertThat(series.get(0).values()).containsExactly(20.0 / LiveRates.INTERVAL_SECONDS);
        assertThat(series.get(1).values()).containsExactly(4.0 / LiveRates.INTERVAL_SECONDS);
        assertThat(series.get(2).values()[0]).isBetween(40.0, 60.0);
        assertThat(series.get(3).values()).containsExactly(3.0);

        rates.sample();
        assertThat(series.get(0).values()).containsExactly(10.0, 0.0);
        assertThat(series.get(2).values()).containsExactly(series.get(2).values()[0], 0.0);
    }

    @Test
    void listenersRunAfterEachSampleUntilTheirSubscriptionCloses() {
        List<Integer> seen = new ArrayList<>();
        LiveRates.Subscription subscription = rates.onSample(() -> seen.add(rates.series().get(3).values().length));
        rates.onSample(() -> {
            throw new IllegalStateException("a failing listener does not stop the others");
        });

        rates.sampleAndNotify(); // baseline: no point yet
        rates.sampleAndNotify();
        subscription.close();
        rates.sampleAndNotify();
        subscription.close();

        assertThat(seen).containsExactly(0, 1);
        assertThat(rates.series().get(3).values()).hasSize(2);
    }

    @Test
    void aSeriesKeepsItsLastPointsAndTheChartScalesToThem() {
        Series series = new Series("Produce requests", "req/s", 3);
        for (int i = 1; i <= 5; i++) {
            series.add(i);
        }
        assertThat(series.values()).containsExactly(3.0, 4.0, 5.0);
        String svg = SvgChart.render(series);
        assertThat(svg).startsWith("<svg").endsWith("</svg>").contains("Produce requests: 5 req/s", "max 5")
                .contains("<polyline");
        assertThat(SvgChart.render(new Series("a<b", "x", 3))).contains("a&lt;b").doesNotContain("a<b");
        assertThat(SvgChart.format(0.125)).isEqualTo("0.13");
        assertThat(SvgChart.format(123.4)).isEqualTo("123");
    }

    /** Only {@link #cluster()} matters here: its metadata end runs ahead of a fixed commit point of 10. */
    private final class Cluster implements ChronikNode {
        @Override
        public int nodeId() {
            return 1;
        }

        @Override
        public String clusterId() {
            return "c";
        }

        @Override
        public List<PluginInfo> plugins() {
            return List.of();
        }

        @Override
        public SortedMap<String, String> effectiveConfig() {
            return new TreeMap<>();
        }

        @Override
        public ClusterView cluster() {
            return new ClusterView(1, ClusterView.QuorumRole.LEADER, 2, OptionalInt.of(1), metadataEnd, 10, List.of());
        }

        @Override
        public InetSocketAddress kafkaBootstrap() {
            return new InetSocketAddress("127.0.0.1", 1);
        }

        @Override
        public List<MetadataEntry> metadataEntries(long fromOffset, int max) {
            return List.of();
        }
    }
}
