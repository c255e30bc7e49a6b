package io.chronik.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.testkit.wal.MemoryWal;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every version of every group API, as older clients send them: a whole group life cycle (find,
 * join, sync, heartbeat, commit, fetch, describe, list, leave, delete offsets, delete group) per
 * round, each API at the round's version clamped to its supported range.
 */
@Timeout(60)
class GroupApiVersionSweepIT {

    private static final String TOPIC = "swept";
    private static final byte[] ASSIGNMENT = {0, 1, 2};
    private static RunningBroker broker;
    private static RawKafkaClient client;
    private static Uuid topicId;

    @BeforeAll
    static void start() throws Exception {
        broker = GroupTesting.start(new MemoryWal.Storage());
        GroupTesting.createTopic(broker, TOPIC, 1);
        topicId = topicIdOf(TOPIC);
        client = new RawKafkaClient(broker.broker.port());
    }

    private static Uuid topicIdOf(String topic) throws Exception {
        try (var admin = broker.admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        broker.close();
    }

    private static short at(ApiKeys api, int round) {
        return (short) Math.max(api.oldestVersion(), Math.min(api.latestVersion(), round));
    }

    @Test
    void aWholeGroupLifeCycleAtEveryVersion() throws Exception {
        int rounds = Math.max(ApiKeys.JOIN_GROUP.latestVersion(), ApiKeys.OFFSET_COMMIT.latestVersion());
        for (int round = 0; round <= rounds; round++) {
            String group = "sweep-" + round;
            findCoordinator(group, at(ApiKeys.FIND_COORDINATOR, round));
            JoinGroupResponseData joined = join(group, at(ApiKeys.JOIN_GROUP, round));
            sync(group, joined, at(ApiKeys.SYNC_GROUP, round));
            HeartbeatResponseData beat = (HeartbeatResponseData) client.call(ApiKeys.HEARTBEAT,
                    at(ApiKeys.HEARTBEAT, round), new HeartbeatRequestData().setGroupId(group)
                            .setMemberId(joined.memberId()).setGenerationId(joined.generationId()));
            assertThat(beat.errorCode()).as("heartbeat round %d", round).isEqualTo(Errors.NONE.code());
            commit(group, joined, at(ApiKeys.OFFSET_COMMIT, round), 10L + round);
            assertThat(fetch(group, at(ApiKeys.OFFSET_FETCH, round))).as("fetch round %d", round).isEqualTo(10L + round);
            describe(group, joined, at(ApiKeys.DESCRIBE_GROUPS, round));
            ListGroupsResponseData listed = (ListGroupsResponseData) client.call(ApiKeys.LIST_GROUPS,
                    at(ApiKeys.LIST_GROUPS, round), new ListGroupsRequestData());
            assertThat(listed.groups()).as("list round %d", round)
                    .anySatisfy(g -> assertThat(g.groupId()).isEqualTo(group));
            leave(group, joined, at(ApiKeys.LEAVE_GROUP, round));
            deleteOffsets(group);
            DeleteGroupsResponseData deleted = (DeleteGroupsResponseData) client.call(ApiKeys.DELETE_GROUPS,
                    at(ApiKeys.DELETE_GROUPS, round), new DeleteGroupsRequestData().setGroupsNames(List.of(group)));
            assertThat(deleted.results().find(group).errorCode()).as("delete round %d", round)
                    .isEqualTo(Errors.NONE.code());
        }
    }

    private static void findCoordinator(String group, short v) throws Exception {
        FindCoordinatorRequestData request = v >= 4
                ? new FindCoordinatorRequestData().setCoordinatorKeys(List.of(group))
                : new FindCoordinatorRequestData().setKey(group);
        FindCoordinatorResponseData response = (FindCoordinatorResponseData) client.call(ApiKeys.FIND_COORDINATOR, v,
                request);
        int port = v >= 4 ? response.coordinators().get(0).port() : response.port();
        short error = v >= 4 ? response.coordinators().get(0).errorCode() : response.errorCode();
        assertThat(error).as("find coordinator v%d", v).isEqualTo(Errors.NONE.code());
        assertThat(port).as("find coordinator v%d", v).isEqualTo(broker.broker.port());
    }

    private static JoinGroupResponseData join(String group, short v) throws Exception {
        JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols =
                new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range").setMetadata(new byte[] {7}));
        JoinGroupRequestData request = new JoinGroupRequestData().setGroupId(group).setMemberId("")
                .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000).setProtocolType("consumer")
                .setProtocols(protocols);
        JoinGroupResponseData response = (JoinGroupResponseData) client.call(ApiKeys.JOIN_GROUP, v, request);
        if (v >= 4) {
            assertThat(response.errorCode()).as("join v%d", v).isEqualTo(Errors.MEMBER_ID_REQUIRED.code());
            response = (JoinGroupResponseData) client.call(ApiKeys.JOIN_GROUP, v,
                    request.setMemberId(response.memberId()));
        }
        assertThat(response.errorCode()).as("join v%d", v).isEqualTo(Errors.NONE.code());
        assertThat(response.generationId()).as("join v%d", v).isEqualTo(1);
        assertThat(response.leader()).as("join v%d", v).isEqualTo(response.memberId());
        assertThat(response.protocolName()).as("join v%d", v).isEqualTo("range");
        assertThat(response.members()).as("join v%d", v).singleElement()
                .satisfies(m -> assertThat(m.metadata()).containsExactly(7));
        return response;
    }

    private static void sync(String group, JoinGroupResponseData joined, short v) throws Exception {
        SyncGroupRequestData request = new SyncGroupRequestData().setGroupId(group).setMemberId(joined.memberId())
                .setGenerationId(joined.generationId()).setAssignments(List.of(
                        new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(joined.memberId())
                                .setAssignment(ASSIGNMENT)));
        if (v >= 5) {
            request.setProtocolType("consumer").setProtocolName("range");
        }
        SyncGroupResponseData response = (SyncGroupResponseData) client.call(ApiKeys.SYNC_GROUP, v, request);
        assertThat(response.errorCode()).as("sync v%d", v).isEqualTo(Errors.NONE.code());
        assertThat(response.assignment()).as("sync v%d", v).containsExactly(ASSIGNMENT);
    }

    private static void commit(String group, JoinGroupResponseData joined, short v, long offset) throws Exception {
        OffsetCommitRequestData.OffsetCommitRequestTopic topic = new OffsetCommitRequestData.OffsetCommitRequestTopic()
                .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                        .setPartitionIndex(0).setCommittedOffset(offset).setCommittedMetadata("m")));
        if (v >= 10) {
            topic.setTopicId(topicId);
        } else {
            topic.setName(TOPIC);
        }
        OffsetCommitResponseData response = (OffsetCommitResponseData) client.call(ApiKeys.OFFSET_COMMIT, v,
                new OffsetCommitRequestData().setGroupId(group).setMemberId(joined.memberId())
                        .setGenerationIdOrMemberEpoch(joined.generationId()).setTopics(List.of(topic)));
        assertThat(response.topics().get(0).partitions().get(0).errorCode()).as("commit v%d", v)
                .isEqualTo(Errors.NONE.code());
    }

    private static long fetch(String group, short v) throws Exception {
        OffsetFetchRequestData request = new OffsetFetchRequestData();
        if (v >= 8) {
            OffsetFetchRequestData.OffsetFetchRequestTopics topic = new OffsetFetchRequestData.OffsetFetchRequestTopics()
                    .setPartitionIndexes(List.of(0));
            if (v >= 10) {
                topic.setTopicId(topicId);
            } else {
                topic.setName(TOPIC);
            }
            request.setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(group)
                    .setTopics(List.of(topic))));
        } else {
            request.setGroupId(group).setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopic()
                    .setName(TOPIC).setPartitionIndexes(List.of(0))));
        }
        OffsetFetchResponseData response = (OffsetFetchResponseData) client.call(ApiKeys.OFFSET_FETCH, v, request);
        if (v >= 8) {
            OffsetFetchResponseData.OffsetFetchResponsePartitions partition =
                    response.groups().get(0).topics().get(0).partitions().get(0);
            assertThat(partition.errorCode()).as("fetch v%d", v).isEqualTo(Errors.NONE.code());
            return partition.committedOffset();
        }
        OffsetFetchResponseData.OffsetFetchResponsePartition partition = response.topics().get(0).partitions().get(0);
        assertThat(partition.errorCode()).as("fetch v%d", v).isEqualTo(Errors.NONE.code());
        return partition.committedOffset();
    }

    private static void describe(String group, JoinGroupResponseData joined, short v) throws Exception {
        DescribeGroupsResponseData response = (DescribeGroupsResponseData) client.call(ApiKeys.DESCRIBE_GROUPS, v,
                new DescribeGroupsRequestData().setGroups(List.of(group)));
        DescribeGroupsResponseData.DescribedGroup described = response.groups().get(0);
        assertThat(described.errorCode()).as("describe v%d", v).isEqualTo(Errors.NONE.code());
        assertThat(described.groupState()).as("describe v%d", v).isEqualTo("Stable");
        assertThat(described.members()).as("describe v%d", v).singleElement().satisfies(m -> {
            assertThat(m.memberId()).isEqualTo(joined.memberId());
            assertThat(m.memberAssignment()).containsExactly(ASSIGNMENT);
        });
    }

    private static void leave(String group, JoinGroupResponseData joined, short v) throws Exception {
        LeaveGroupRequestData request = v >= 3
                ? new LeaveGroupRequestData().setGroupId(group).setMembers(List.of(
                        new LeaveGroupRequestData.MemberIdentity().setMemberId(joined.memberId())))
                : new LeaveGroupRequestData().setGroupId(group).setMemberId(joined.memberId());
        LeaveGroupResponseData response = (LeaveGroupResponseData) client.call(ApiKeys.LEAVE_GROUP, v, request);
        assertThat(response.errorCode()).as("leave v%d", v).isEqualTo(Errors.NONE.code());
        if (v >= 3) {
            assertThat(response.members()).as("leave v%d", v).singleElement()
                    .satisfies(m -> assertThat(m.errorCode()).isEqualTo(Errors.NONE.code()));
        }
    }

    private static void deleteOffsets(String group) throws Exception {
        OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection topics =
                new OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection();
        topics.add(new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName(TOPIC).setPartitions(List.of(
                new OffsetDeleteRequestData.OffsetDeleteRequestPartition().setPartitionIndex(0))));
        OffsetDeleteResponseData response = (OffsetDeleteResponseData) client.call(ApiKeys.OFFSET_DELETE,
                ApiKeys.OFFSET_DELETE.latestVersion(), new OffsetDeleteRequestData().setGroupId(group).setTopics(topics));
        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.topics().find(TOPIC).partitions().find(0).errorCode()).isEqualTo(Errors.NONE.code());
    }
}
