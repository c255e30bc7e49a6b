package io.chronik.core.kafka;

import io.chronik.core.group.GroupCoordinator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.RequestHeader;

/** LeaveGroup: one member (v0–v2) or a batch identified by member or instance id (v3+). */
final class LeaveGroupHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    LeaveGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LEAVE_GROUP;
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        return ApiHandler.respond(coordinator.leaveGroup((LeaveGroupRequestData) request, header.apiVersion()));
    }
}
