package io.chronik.forwarding;

import io.chronik.spi.forwarding.ForwardingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The forwarder's meters, tagged {@code plugin=tcp}; removed from the registry on close. */
final class ForwardingMeters {

    private final MeterRegistry registry;
    private final Counter requests;
    private final Counter served;
    private final Timer latency;
    private final Map<ForwardingException.Reason, Counter> errors = new EnumMap<>(ForwardingException.Reason.class);
    private final List<Meter> all = new ArrayList<>();

    ForwardingMeters(MeterRegistry registry) {
        this.registry = registry;
        requests = register(Counter.builder("chronik.forwarding.requests").description("calls forwarded to other nodes")
                .tag("plugin", "tcp").register(registry));
        served = register(Counter.builder("chronik.forwarding.requests.served")
                .description("requests other nodes forwarded here").tag("plugin", "tcp").register(registry));
        latency = register(Timer.builder("chronik.forwarding.latency")
                .description("time from forwarding a call to its successful response").tag("plugin", "tcp")
                .register(registry));
        for (ForwardingException.Reason reason : ForwardingException.Reason.values()) {
            errors.put(reason, register(Counter.builder("chronik.forwarding.errors")
                    .description("forwarded calls that failed, by reason").tag("plugin", "tcp")
                    .tag("reason", reason.name()).register(registry)));
        }
    }

    private <M extends Meter> M register(M meter) {
        all.add(meter);
        return meter;
    }

    void requested() {
        requests.increment();
    }

    void served() {
        served.increment();
    }

    void succeeded(long nanos) {
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void failed(ForwardingException.Reason reason) {
        errors.get(reason).increment();
    }

    void remove() {
        all.forEach(registry::remove);
    }
}
