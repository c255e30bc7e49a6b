package io.chronik.core.kafka;

import io.chronik.core.group.GroupCoordinator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.RequestHeader;

/** SyncGroup: answered once the leader's assignment for the generation is durable. */
final class SyncGroupHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    SyncGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SYNC_GROUP;
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        return coordinator.syncGroup((SyncGroupRequestData) request).thenApply(Optional::of);
    }
}
