package io.chronik.core.cluster;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The single daemon threads of the cluster classes, named for their role and node. */
final class ClusterThreads {

    private ClusterThreads() {
    }

    /** One daemon thread named {@code chronik-<role>-<nodeId>} that runs tasks and timers. */
    static ScheduledExecutorService single(String role, int nodeId) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "chronik-" + role + "-" + nodeId);
            thread.setDaemon(true);
            return thread;
        });
    }
}
