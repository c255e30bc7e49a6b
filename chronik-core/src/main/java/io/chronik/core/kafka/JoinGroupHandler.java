package io.chronik.core.kafka;

import io.chronik.core.group.GroupCoordinator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * JoinGroup: answered when the group's join phase ends ({@link GroupCoordinator#joinGroup}), which
 * may take up to the rebalance timeout. The member's client id comes from the request header; the
 * client host is not known to handlers and is reported empty.
 */
final class JoinGroupHandler implements ApiHandler {

    private final GroupCoordinator coordinator;

    JoinGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.JOIN_GROUP;
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        String clientId = header.clientId() == null ? "" : header.clientId();
        return coordinator.joinGroup((JoinGroupRequestData) request, header.apiVersion(), clientId, "")
                .thenApply(Optional::of);
    }
}
