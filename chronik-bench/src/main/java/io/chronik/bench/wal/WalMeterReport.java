package io.chronik.bench.wal;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One line about what the WAL did during a trial, from the meters it registered: forces by reason, their
 * mean and maximum latency, and records per group commit (mean and maximum). Printed
 * into JMH's log so a latency figure can be set against what the disk did in the same trial.
 */
final class WalMeterReport {

    private WalMeterReport() {
    }

    static String of(MeterRegistry meters) {
        Timer fsync = meters.find("chronik.wal.fsync").timer();
        DistributionSummary batch = meters.find("chronik.wal.batch.records").summary();
        if (fsync == null || batch == null) {
            return "WAL meters: not registered";
        }
        HistogramSnapshot forces = fsync.takeSnapshot();
        String reasons = meters.find("chronik.wal.fsyncs").counters().stream()
                .filter(c -> c.count() > 0)
                .map(c -> c.getId().getTag("reason") + "=" + (long) c.count())
                .collect(Collectors.joining(" "));
        return String.format(Locale.ROOT, "WAL meters: %d forces (%s), force ms mean %.3f max %.3f; "
                        + "records per commit mean %.1f max %.0f",
                forces.count(), reasons, forces.mean(TimeUnit.MILLISECONDS), forces.max(TimeUnit.MILLISECONDS),
                batch.mean(), batch.max());
    }
}
