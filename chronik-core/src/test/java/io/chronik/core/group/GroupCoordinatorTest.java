package io.chronik.core.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chronik.core.log.PartitionLogs;
import io.chronik.core.log.SingleReplica;
import io.chronik.core.log.TopicPartition;
import io.chronik.spi.Time;
import io.chronik.testkit.wal.MemoryWal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The coordinator's state machine and error codes, driven directly over a memory WAL. */
@Timeout(30)
class GroupCoordinatorTest {

    private static final int PARTITIONS = 4;
    private static final String GROUP = "g";
    private static final byte[] SUBSCRIPTION = {1, 2, 3};

    private final MemoryWal.Storage storage = new MemoryWal.Storage();
    private MemoryWal wal;
    private int initialDelayMs;
    private GroupCoordinator coordinator = open();

    private GroupCoordinator open() {
        wal = new MemoryWal(storage, 1 << 20);
        PartitionLogs logs = new PartitionLogs(wal);
        for (int p = 0; p < PARTITIONS; p++) {
            TopicPartition tp = new TopicPartition(OffsetsTopic.NAME, p);
            logs.open(tp, walLog -> SingleReplica.open(tp, walLog, 0, 0, changed -> { }));
        }
        GroupCoordinator opened = new GroupCoordinator(new GroupSettings(PARTITIONS, initialDelayMs, 100, 60_000),
                new OffsetsTopic(PARTITIONS, logs::get, Time.SYSTEM), Time.SYSTEM);
        for (int p = 0; p < PARTITIONS; p++) {
            opened.loadPartition(p); // a single node leads every partition
        }
        return opened;
    }

    private void restart() {
        coordinator.close();
        wal.close();
        coordinator = open();
    }

    @AfterEach
    void stop() {
        coordinator.close();
        wal.close();
    }

    private static JoinGroupRequestData joinRequest(String memberId, String instanceId, String protocolType,
                                                    String... protocols) {
        return joinRequest(memberId, instanceId, protocolType, SUBSCRIPTION, protocols);
    }

    private static JoinGroupRequestData joinRequest(String memberId, String instanceId, String protocolType,
                                                    byte[] metadata, String... protocols) {
        JoinGroupRequestData.JoinGroupRequestProtocolCollection collection =
                new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
        for (String protocol : protocols) {
            collection.add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName(protocol).setMetadata(metadata));
        }
        return new JoinGroupRequestData().setGroupId(GROUP).setMemberId(memberId).setGroupInstanceId(instanceId)
                .setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000).setProtocolType(protocolType)
                .setProtocols(collection);
    }

    private CompletableFuture<JoinGroupResponseData> join(String memberId, String instanceId) {
        return coordinator.joinGroup(joinRequest(memberId, instanceId, "consumer", "range"), (short) 9, "client", "");
    }

    /** A JoinGroup v3 (no MEMBER_ID_REQUIRED round) with short timeouts. */
    private CompletableFuture<JoinGroupResponseData> quickJoin(String memberId, int sessionMs, int rebalanceMs) {
        return coordinator.joinGroup(joinRequest(memberId, null, "consumer", "range")
                .setSessionTimeoutMs(sessionMs).setRebalanceTimeoutMs(rebalanceMs), (short) 3, "client", "");
    }

    private static <T> T done(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    /** A dynamic member through MEMBER_ID_REQUIRED into a completed join. */
    private JoinGroupResponseData joinDynamic() throws Exception {
        JoinGroupResponseData required = done(join("", null));
        assertThat(Errors.forCode(required.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        return done(join(required.memberId(), null));
    }

    private SyncGroupResponseData sync(JoinGroupResponseData joined, String instanceId,
                                       Map<String, byte[]> assignments) throws Exception {
        SyncGroupRequestData request = new SyncGroupRequestData().setGroupId(GROUP).setMemberId(joined.memberId())
                .setGroupInstanceId(instanceId).setGenerationId(joined.generationId());
        assignments.forEach((member, bytes) -> request.assignments()
                .add(new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(member).setAssignment(bytes)));
        return done(coordinator.syncGroup(request));
    }

    private Errors heartbeat(String memberId, String instanceId, int generation) {
        return coordinator.heartbeat(new HeartbeatRequestData().setGroupId(GROUP).setMemberId(memberId)
                .setGroupInstanceId(instanceId).setGenerationId(generation));
    }

    @Test
    void aFirstJoinGetsAMemberIdThenLeadsGenerationOne() throws Exception {
        JoinGroupResponseData joined = joinDynamic();

        assertThat(Errors.forCode(joined.errorCode())).isEqualTo(Errors.NONE);
        assertThat(joined.generationId()).isEqualTo(1);
        assertThat(joined.leader()).isEqualTo(joined.memberId());
        assertThat(joined.protocolName()).isEqualTo("range");
        assertThat(joined.members()).singleElement().satisfies(m -> assertThat(m.metadata()).isEqualTo(SUBSCRIPTION));
        SyncGroupResponseData synced = sync(joined, null, Map.of(joined.memberId(), new byte[] {9}));
        assertThat(synced.assignment()).containsExactly(9);
        assertThat(heartbeat(joined.memberId(), null, 1)).isEqualTo(Errors.NONE);
    }

    @Test
    void requestsThatBreakTheProtocolGetKafkasErrors() throws Exception {
        JoinGroupResponseData joined = joinDynamic();

        JoinGroupRequestData shortSession = joinRequest("", null, "consumer", "range").setSessionTimeoutMs(50);
        assertThat(error(coordinator.joinGroup(shortSession, (short) 9, "c", ""))).isEqualTo(Errors.INVALID_SESSION_TIMEOUT);
        assertThat(error(coordinator.joinGroup(joinRequest("", null, "connect", "range"), (short) 9, "c", "")))
                .isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        assertThat(error(coordinator.joinGroup(joinRequest("", null, "consumer", "roundrobin"), (short) 9, "c", "")))
                .isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
        assertThat(error(join("no-such-member", null))).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(heartbeat("no-such-member", null, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(heartbeat(joined.memberId(), null, 7)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(done(coordinator.syncGroup(new SyncGroupRequestData().setGroupId(GROUP)
                .setMemberId(joined.memberId()).setGenerationId(7))).errorCode())
                .isEqualTo(Errors.ILLEGAL_GENERATION.code());
        assertThat(done(coordinator.commitOffsets(GROUP, -1, "", Optional.empty(), Map.of())))
                .isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(done(coordinator.commitOffsets("other", 3, "m", Optional.empty(), Map.of())))
                .isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(done(coordinator.admin().deleteGroup(GROUP))).isEqualTo(Errors.NON_EMPTY_GROUP);
        assertThat(done(coordinator.admin().deleteGroup("unknown"))).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
        assertThat(done(coordinator.admin().deleteOffsets("unknown", Set.of())).groupError())
                .isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }

    private static Errors error(CompletableFuture<JoinGroupResponseData> response) throws Exception {
        return Errors.forCode(done(response).errorCode());
    }

    @Test
    void aSecondMemberTriggersARebalanceThatBothComplete() throws Exception {
        JoinGroupResponseData first = joinDynamic();
        sync(first, null, Map.of(first.memberId(), new byte[] {1}));

        JoinGroupResponseData secondRequired = done(join("", null));
        CompletableFuture<JoinGroupResponseData> second = join(secondRequired.memberId(), null);
        assertThat(second).isNotDone();
        assertThat(heartbeat(first.memberId(), null, 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        JoinGroupResponseData firstAgain = done(join(first.memberId(), null));
        JoinGroupResponseData secondJoined = done(second);

        assertThat(firstAgain.generationId()).isEqualTo(2).isEqualTo(secondJoined.generationId());
        assertThat(firstAgain.leader()).isEqualTo(first.memberId());
        assertThat(firstAgain.members()).hasSize(2);
        assertThat(secondJoined.members()).isEmpty();
        CompletableFuture<SyncGroupResponseData> followerSync = coordinator.syncGroup(new SyncGroupRequestData()
                .setGroupId(GROUP).setMemberId(secondJoined.memberId()).setGenerationId(2));
        assertThat(followerSync).isNotDone();
        sync(firstAgain, null, Map.of(first.memberId(), new byte[] {1}, secondJoined.memberId(), new byte[] {2}));
        assertThat(done(followerSync).assignment()).containsExactly(2);

        coordinator.leaveGroup(new LeaveGroupRequestData().setGroupId(GROUP).setMembers(List.of(
                new LeaveGroupRequestData.MemberIdentity().setMemberId(secondJoined.memberId()))), (short) 5);
        assertThat(heartbeat(first.memberId(), null, 2)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        assertThat(done(join(first.memberId(), null)).generationId()).isEqualTo(3);
    }

    private static byte[] subscription(List<String> topics, List<org.apache.kafka.common.TopicPartition> owned,
                                       int generation) {
        ByteBuffer bytes = ConsumerProtocol.serializeSubscription(
                new ConsumerPartitionAssignor.Subscription(topics, null, owned, generation, Optional.empty()));
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        return array;
    }

    private CompletableFuture<JoinGroupResponseData> staticJoin(String memberId, byte[] metadata) {
        return coordinator.joinGroup(joinRequest(memberId, "instance-1", "consumer", metadata, "range"), (short) 9,
                "client", "");
    }

    @Test
    void aStaticMemberRejoiningWithItsSubscriptionReplacesItsOldIdWithoutRebalance() throws Exception {
        JoinGroupResponseData joined = done(staticJoin("", subscription(List.of("t"), List.of(), -1)));
        assertThat(joined.generationId()).isEqualTo(1);
        sync(joined, "instance-1", Map.of(joined.memberId(), new byte[] {5}));

        JoinGroupResponseData rejoined = done(staticJoin("", subscription(List.of("t"),
                List.of(new org.apache.kafka.common.TopicPartition("t", 0)), 1)));

        assertThat(rejoined.generationId()).isEqualTo(1);
        assertThat(rejoined.memberId()).isNotEqualTo(joined.memberId());
        assertThat(rejoined.skipAssignment()).isTrue();
        assertThat(heartbeat(joined.memberId(), "instance-1", 1)).isEqualTo(Errors.FENCED_INSTANCE_ID);
        assertThat(sync(rejoined, "instance-1", Map.of()).assignment()).containsExactly(5);
        assertThat(heartbeat(rejoined.memberId(), "instance-1", 1)).isEqualTo(Errors.NONE);
    }

    @Test
    void aStaticMemberRejoiningWithOtherTopicsTriggersARebalance() throws Exception {
        JoinGroupResponseData joined = done(staticJoin("", subscription(List.of("t"), List.of(), -1)));
        sync(joined, "instance-1", Map.of(joined.memberId(), new byte[] {5}));

        JoinGroupResponseData rejoined = done(staticJoin("", subscription(List.of("t", "u"), List.of(), -1)));

        assertThat(rejoined.generationId()).isEqualTo(2);
        assertThat(rejoined.skipAssignment()).isFalse();
        assertThat(rejoined.members()).singleElement().satisfies(m -> assertThat(m.groupInstanceId())
                .isEqualTo("instance-1"));
    }

    @Test
    void offsetsAndMembersComeBackAfterARestart() throws Exception {
        JoinGroupResponseData joined = joinDynamic();
        sync(joined, null, Map.of(joined.memberId(), new byte[] {7}));
        CommittedOffset offset = new CommittedOffset(42, Optional.of(3), "meta", 1234);
        assertThat(done(coordinator.commitOffsets(GROUP, 1, joined.memberId(), Optional.empty(),
                Map.of(new TopicPartition("t", 0), offset)))).isEqualTo(Errors.NONE);

        restart();

        assertThat(coordinator.committedOffsets(GROUP)).isEqualTo(Map.of(new TopicPartition("t", 0), offset));
        DescribeGroupsResponseData.DescribedGroup described = coordinator.admin().describeGroup(GROUP, (short) 5);
        assertThat(described.groupState()).isEqualTo("Stable");
        assertThat(described.protocolData()).isEqualTo("range");
        assertThat(described.members()).singleElement().satisfies(m -> {
            assertThat(m.memberId()).isEqualTo(joined.memberId());
            assertThat(m.memberAssignment()).containsExactly(7);
        });
        assertThat(heartbeat(joined.memberId(), null, 1)).isEqualTo(Errors.NONE);
    }

    @Test
    void aDeletedGroupStaysDeletedAfterARestart() throws Exception {
        assertThat(done(coordinator.commitOffsets(GROUP, -1, "", Optional.empty(),
                Map.of(new TopicPartition("t", 1), new CommittedOffset(1, Optional.empty(), "", 1)))))
                .isEqualTo(Errors.NONE);
        assertThat(coordinator.admin().listGroups()).extracting(GroupOverview::groupId).containsExactly(GROUP);
        assertThat(done(coordinator.admin().deleteGroup(GROUP))).isEqualTo(Errors.NONE);

        restart();

        assertThat(coordinator.admin().listGroups()).isEmpty();
        assertThat(coordinator.committedOffsets(GROUP)).isEmpty();
        DescribeGroupsResponseData.DescribedGroup described = coordinator.admin().describeGroup(GROUP, (short) 6);
        assertThat(described.groupState()).isEqualTo("Dead");
        assertThat(described.errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
    }

    @Test
    void theInitialDelayGathersMembersThatJoinTogetherIntoGenerationOne() throws Exception {
        restartWithInitialDelay(300);
        CompletableFuture<JoinGroupResponseData> first = quickJoin("", 10_000, 5_000);
        CompletableFuture<JoinGroupResponseData> second = quickJoin("", 10_000, 5_000);
        assertThat(first).isNotDone();

        assertThat(done(first).generationId()).isEqualTo(1);
        assertThat(done(second).generationId()).isEqualTo(1);
        assertThat(done(first).members()).hasSize(2);
    }

    private void restartWithInitialDelay(int delayMs) {
        initialDelayMs = delayMs;
        restart();
    }

    @Test
    void aMemberThatDoesNotRejoinIsDroppedAtTheRebalanceTimeout() throws Exception {
        JoinGroupResponseData first = done(quickJoin("", 10_000, 300));
        sync(first, null, Map.of());

        JoinGroupResponseData second = done(quickJoin("", 10_000, 300));

        assertThat(second.generationId()).isEqualTo(2);
        assertThat(second.leader()).isEqualTo(second.memberId());
        assertThat(second.members()).singleElement().satisfies(m -> assertThat(m.memberId()).isEqualTo(second.memberId()));
        assertThat(heartbeat(first.memberId(), null, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aLeaderThatNeverSyncsIsDroppedAtTheRebalanceTimeout() throws Exception {
        JoinGroupResponseData first = done(quickJoin("", 10_000, 300));
        sync(first, null, Map.of());
        CompletableFuture<JoinGroupResponseData> second = quickJoin("", 10_000, 300);
        JoinGroupResponseData leader = done(quickJoin(first.memberId(), 10_000, 300));
        JoinGroupResponseData follower = done(second);
        assertThat(leader.leader()).isEqualTo(first.memberId());

        CompletableFuture<SyncGroupResponseData> waiting = coordinator.syncGroup(new SyncGroupRequestData()
                .setGroupId(GROUP).setMemberId(follower.memberId()).setGenerationId(follower.generationId()));

        assertThat(done(waiting).errorCode()).isEqualTo(Errors.REBALANCE_IN_PROGRESS.code());
        assertThat(heartbeat(first.memberId(), null, 2)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(done(quickJoin(follower.memberId(), 10_000, 300)).generationId()).isEqualTo(3);
    }

    @Test
    void aSilentMemberTimesOutAndLeavesTheGroupEmpty() throws Exception {
        JoinGroupResponseData joined = done(quickJoin("", 200, 5_000));
        sync(joined, null, Map.of());

        await().atMost(Duration.ofSeconds(5)).until(() ->
                coordinator.admin().describeGroup(GROUP, (short) 5).groupState().equals("Empty"));
        assertThat(heartbeat(joined.memberId(), null, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(coordinator.admin().describeGroup(GROUP, (short) 5).members()).isEmpty();
    }

    @Test
    void aCoordinatorServesOnlyThePartitionsItLeadsAndRebuildsAGroupWhenItTakesOneOver() throws Exception {
        int partition = coordinator.partitionFor(GROUP);
        JoinGroupResponseData joined = joinDynamic();
        sync(joined, null, Map.of(joined.memberId(), new byte[] {7}));
        CommittedOffset offset = new CommittedOffset(42, Optional.of(3), "meta", 1234);
        assertThat(done(coordinator.commitOffsets(GROUP, joined.generationId(), joined.memberId(), Optional.empty(),
                Map.of(new TopicPartition("t", 0), offset)))).isEqualTo(Errors.NONE);
        CompletableFuture<JoinGroupResponseData> waiting = coordinator.joinGroup(
                joinRequest("", null, "consumer", "range"), (short) 3, "client", ""); // starts a rebalance

        coordinator.unloadPartition(partition); // another node now leads the group's partition

        assertThat(Errors.forCode(done(waiting).errorCode())).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(coordinator.coordinatorError(GROUP)).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(heartbeat(joined.memberId(), null, joined.generationId())).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(done(coordinator.commitOffsets(GROUP, joined.generationId(), joined.memberId(), Optional.empty(),
                Map.of()))).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(Errors.forCode(coordinator.admin().describeGroup(GROUP, (short) 5).errorCode()))
                .isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(done(coordinator.admin().deleteGroup(GROUP))).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(coordinator.admin().listGroups()).isEmpty();
        String elsewhere = groupInAnotherPartition(partition);
        assertThat(coordinator.coordinatorError(elsewhere)).isEqualTo(Errors.NONE);

        coordinator.loadPartition(partition); // leadership came back: the group is rebuilt from the partition

        assertThat(coordinator.coordinatorError(GROUP)).isEqualTo(Errors.NONE);
        assertThat(coordinator.committedOffsets(GROUP)).isEqualTo(Map.of(new TopicPartition("t", 0), offset));
        assertThat(coordinator.admin().describeGroup(GROUP, (short) 5).members())
                .extracting(DescribeGroupsResponseData.DescribedGroupMember::memberId)
                .containsExactly(joined.memberId());
    }

    private String groupInAnotherPartition(int partition) {
        for (int i = 0; ; i++) {
            if (coordinator.partitionFor("group-" + i) != partition) {
                return "group-" + i;
            }
        }
    }
}
