package io.chronik.core.cluster;

import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

/**
 * {@link PartitionController} through the controller: an AlterIsr operation submitted with the
 * {@link ControllerClient} (forwarded when this node does not lead), validated by the controller against
 * the partition's current leader and leader epoch.
 */
public final class ForwardingPartitionController implements PartitionController {

    private final ControllerClient client;

    public ForwardingPartitionController(ControllerClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<Boolean> alterIsr(Uuid topicId, int partition, int leaderId, int leaderEpoch,
                                               SortedSet<Integer> newIsr) {
        return client.submit(new MetadataOperation.AlterIsr(topicId, partition, leaderId, leaderEpoch, newIsr))
                .thenCompose(result -> {
                    if (result.succeeded()) {
                        return CompletableFuture.completedFuture(true);
                    }
                    if (result.error() == Errors.NOT_CONTROLLER || result.error() == Errors.REQUEST_TIMED_OUT) {
                        return CompletableFuture.failedFuture(new ControllerUnavailableException(
                                result.message().orElse(result.error().message())));
                    }
                    return CompletableFuture.completedFuture(false);
                });
    }
}
