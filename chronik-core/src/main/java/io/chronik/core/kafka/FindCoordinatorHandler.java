package io.chronik.core.kafka;

import io.chronik.core.group.OffsetsTopic;
import io.chronik.core.metadata.BrokerRegistration;
import io.chronik.core.metadata.MetadataStateMachine;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToIntFunction;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * FindCoordinator: a group's coordinator is the leader of its {@code __consumer_offsets} partition
 * ({@link io.chronik.core.group.GroupCoordinator#partitionFor}) as the committed metadata names it,
 * at that broker's registered address; while the topic does not exist yet or the partition has no
 * leader the answer is {@code COORDINATOR_NOT_AVAILABLE}, which clients retry. v0–v3 ask for one key
 * ({@code key}), v4+ for a batch ({@code coordinator_keys}). Only group keys are served: an empty
 * group id is {@code INVALID_REQUEST}, and transaction keys get {@code COORDINATOR_NOT_AVAILABLE}
 * because there is no transaction coordinator; other key types are {@code INVALID_REQUEST}.
 */
final class FindCoordinatorHandler implements ApiHandler {

    private final MetadataStateMachine state;
    private final ToIntFunction<String> partitionFor;

    FindCoordinatorHandler(MetadataStateMachine state, ToIntFunction<String> partitionFor) {
        this.state = state;
        this.partitionFor = partitionFor;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FIND_COORDINATOR;
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        FindCoordinatorRequestData data = (FindCoordinatorRequestData) request;
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        List<String> keys = header.apiVersion() >= 4 ? data.coordinatorKeys() : List.of(data.key());
        for (String key : keys) {
            response.coordinators().add(find(key, data.keyType()));
        }
        if (header.apiVersion() < 4) {
            FindCoordinatorResponseData.Coordinator only = response.coordinators().get(0);
            response.setErrorCode(only.errorCode())
                    .setErrorMessage(only.errorMessage())
                    .setNodeId(only.nodeId())
                    .setHost(only.host())
                    .setPort(only.port());
            response.coordinators().clear();
        }
        return ApiHandler.respond(response);
    }

    private FindCoordinatorResponseData.Coordinator find(String key, byte keyType) {
        FindCoordinatorResponseData.Coordinator coordinator = new FindCoordinatorResponseData.Coordinator()
                .setKey(key).setNodeId(-1).setHost("").setPort(-1);
        if (keyType == CoordinatorType.TRANSACTION.id()) {
            return coordinator.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code())
                    .setErrorMessage("this broker has no transaction coordinator");
        }
        if (keyType != CoordinatorType.GROUP.id()) {
            return coordinator.setErrorCode(Errors.INVALID_REQUEST.code())
                    .setErrorMessage("unsupported coordinator key type " + keyType);
        }
        if (key == null || key.isEmpty()) {
            return coordinator.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("empty group id");
        }
        Optional<BrokerRegistration> leader = state.topic(OffsetsTopic.NAME)
                .flatMap(topic -> state.assignment(topic.topicId(), partitionFor.applyAsInt(key)))
                .filter(a -> a.leader().isPresent())
                .flatMap(a -> state.broker(a.leader().getAsInt()));
        if (leader.isEmpty()) {
            return coordinator.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code())
                    .setErrorMessage("the group's " + OffsetsTopic.NAME + " partition has no leader yet");
        }
        return coordinator.setNodeId(leader.get().nodeId()).setHost(leader.get().host()).setPort(leader.get().port());
    }
}
