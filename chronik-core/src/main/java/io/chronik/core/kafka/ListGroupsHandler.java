package io.chronik.core.kafka;

import io.chronik.core.group.GroupAdmin;
import io.chronik.core.group.GroupOverview;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * ListGroups: every group, optionally filtered by state (v4+) and type (v5+), both compared without
 * case as Kafka does. All groups here are of type {@code classic}.
 */
final class ListGroupsHandler implements ApiHandler {

    private static final String CLASSIC = "classic";

    private final GroupAdmin groups;

    ListGroupsHandler(GroupAdmin groups) {
        this.groups = groups;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_GROUPS;
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        ListGroupsRequestData data = (ListGroupsRequestData) request;
        Set<String> states = lower(data.statesFilter());
        Set<String> types = lower(data.typesFilter());
        ListGroupsResponseData response = new ListGroupsResponseData();
        if (!types.isEmpty() && !types.contains(CLASSIC)) {
            return ApiHandler.respond(response);
        }
        for (GroupOverview group : groups.listGroups()) {
            String state = group.state().displayName();
            if (states.isEmpty() || states.contains(state.toLowerCase(Locale.ROOT))) {
                response.groups().add(new ListGroupsResponseData.ListedGroup()
                        .setGroupId(group.groupId())
                        .setProtocolType(group.protocolType())
                        .setGroupState(state)
                        .setGroupType(CLASSIC));
            }
        }
        return ApiHandler.respond(response);
    }

    private static Set<String> lower(java.util.List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
