package io.chronik.spi;

/**
 * Tells the host that a component has failed and can no longer do its job (fail-stop). The host
 * decides what follows: log it, count it, fence the node or shut it down. Reporting is cheap and may
 * be called from any thread, more than once.
 */
@FunctionalInterface
public interface FaultReporter {

    /**
     * @param component what failed, e.g. {@code wal/orders-0} or {@code replication/listener}
     * @param cause     the error that made it fail
     */
    void reportFault(String component, Throwable cause);
}
