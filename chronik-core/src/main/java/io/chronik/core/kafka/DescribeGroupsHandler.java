package io.chronik.core.kafka;

import io.chronik.core.group.GroupAdmin;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.utils.Utils;

/**
 * DescribeGroups. Without an authorizer every group operation is allowed, which is what
 * {@code include_authorized_operations} reports.
 */
final class DescribeGroupsHandler implements ApiHandler {

    private static final int ALL_GROUP_OPERATIONS = Utils.to32BitField(Set.of(
            AclOperation.READ.code(), AclOperation.DESCRIBE.code(), AclOperation.DELETE.code()));

    private final GroupAdmin groups;

    DescribeGroupsHandler(GroupAdmin groups) {
        this.groups = groups;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_GROUPS;
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        DescribeGroupsRequestData data = (DescribeGroupsRequestData) request;
        DescribeGroupsResponseData response = new DescribeGroupsResponseData();
        for (String groupId : data.groups()) {
            DescribeGroupsResponseData.DescribedGroup group = groups.describeGroup(groupId, header.apiVersion());
            if (data.includeAuthorizedOperations()) {
                group.setAuthorizedOperations(ALL_GROUP_OPERATIONS);
            }
            response.groups().add(group);
        }
        return ApiHandler.respond(response);
    }
}
