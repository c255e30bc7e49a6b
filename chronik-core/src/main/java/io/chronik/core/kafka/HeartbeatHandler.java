package io.chronik.core.kafka;

import io.chronik.core.group.GroupCoordinator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.RequestHeader;

/** Heartbeat: renews the member's session; {@code REBALANCE_IN_PROGRESS} asks it to rejoin. */
final class HeartbeatHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    HeartbeatHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.HEARTBEAT;
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        return ApiHandler.respond(new HeartbeatResponseData()
                .setErrorCode(coordinator.heartbeat((HeartbeatRequestData) request).code()));
    }
}
