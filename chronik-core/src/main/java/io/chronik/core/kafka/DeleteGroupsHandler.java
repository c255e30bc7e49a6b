package io.chronik.core.kafka;

import io.chronik.core.group.GroupAdmin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * DeleteGroups: each empty group is removed with its offsets ({@code NON_EMPTY_GROUP} while it has
 * members, {@code GROUP_ID_NOT_FOUND} if unknown); answered once the tombstones are durable.
 */
final class DeleteGroupsHandler implements ApiHandler {

    private final GroupAdmin groups;

    DeleteGroupsHandler(GroupAdmin groups) {
        this.groups = groups;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_GROUPS;
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        DeleteGroupsRequestData data = (DeleteGroupsRequestData) request;
        DeleteGroupsResponseData response = new DeleteGroupsResponseData();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (String groupId : data.groupsNames()) {
            DeleteGroupsResponseData.DeletableGroupResult result = new DeleteGroupsResponseData.DeletableGroupResult()
                    .setGroupId(groupId);
            response.results().add(result);
            pending.add(groups.deleteGroup(groupId).thenAccept(error -> result.setErrorCode(error.code())));
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(done -> Optional.of(response));
    }
}
