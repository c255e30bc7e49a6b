package io.chronik.core.group;

import io.chronik.core.log.TopicPartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.protocol.Errors;

/**
 * The state of one classic group: members, generation, selected protocol and committed offsets.
 * A plain data holder with the group-local rules (protocol compatibility and selection); the
 * transitions are driven by {@link Rebalancer} and {@link MemberLiveness}. Every access holds this
 * object's monitor.
 */
final class ClassicGroup {

    final String groupId;
    GroupState state = GroupState.EMPTY;
    int generation;
    Optional<String> protocolType = Optional.empty();
    Optional<String> protocol = Optional.empty();
    Optional<String> leaderId = Optional.empty();
    final Map<String, Member> members = new LinkedHashMap<>();
    /** Member ids handed out with MEMBER_ID_REQUIRED whose holders have not joined yet. */
    final Set<String> pendingMembers = new HashSet<>();
    /** group.instance.id to the member id that currently holds it. */
    final Map<String, String> staticMembers = new HashMap<>();
    /** Members that sent SyncGroup in the current generation. */
    final Set<String> synced = new HashSet<>();
    final Map<TopicPartition, CommittedOffset> offsets = new TreeMap<>(
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
    /** Counts rebalances, so a join deadline of an earlier rebalance does nothing. */
    long rebalanceId;
    /** During the delayed first rebalance of an empty group: time left to extend it, else -1. */
    long initialDelayRemainingMs = -1;
    boolean newMemberDuringInitialDelay;

    ClassicGroup(String groupId) {
        this.groupId = groupId;
    }

    boolean is(GroupState expected) {
        return state == expected;
    }

    /** Forgets this group, which a request created only to fail on, if nothing else uses it. */
    void dropIfUnused(Map<String, ClassicGroup> groups) {
        if (is(GroupState.EMPTY) && members.isEmpty() && pendingMembers.isEmpty()
                && offsets.isEmpty() && generation == 0) {
            state = GroupState.DEAD;
            groups.remove(groupId, this);
        }
    }

    /** Whether {@code memberId} is a member, and (for a static member) holds {@code instanceId}. */
    Optional<Errors> validateMember(String memberId, Optional<String> instanceId) {
        if (instanceId.isPresent()) {
            String holder = staticMembers.get(instanceId.get());
            if (holder != null && !holder.equals(memberId)) {
                return Optional.of(Errors.FENCED_INSTANCE_ID);
            }
        }
        if (!members.containsKey(memberId)) {
            return Optional.of(Errors.UNKNOWN_MEMBER_ID);
        }
        return Optional.empty();
    }

    /** {@link #validateMember} for a request of the current generation of a live, non-empty group. */
    Optional<Errors> validateGeneration(String memberId, Optional<String> instanceId, int requestGeneration) {
        if (is(GroupState.DEAD)) {
            return Optional.of(Errors.COORDINATOR_NOT_AVAILABLE);
        }
        Optional<Errors> invalid = validateMember(memberId, instanceId);
        if (invalid.isPresent()) {
            return invalid;
        }
        if (requestGeneration != generation) {
            return Optional.of(Errors.ILLEGAL_GENERATION);
        }
        return is(GroupState.EMPTY) ? Optional.of(Errors.UNKNOWN_MEMBER_ID) : Optional.empty();
    }

    /** Adds a member; the first member of an empty group sets the group's protocol type. */
    void add(Member member, String memberProtocolType) {
        if (members.isEmpty()) {
            protocolType = Optional.of(memberProtocolType);
        }
        members.put(member.memberId, member);
        member.groupInstanceId.ifPresent(id -> staticMembers.put(id, member.memberId));
        if (leaderId.isEmpty()) {
            leaderId = Optional.of(member.memberId);
        }
    }

    void remove(String memberId) {
        Member member = members.remove(memberId);
        if (member == null) {
            return;
        }
        member.groupInstanceId.ifPresent(id -> staticMembers.remove(id, memberId));
        synced.remove(memberId);
        if (leaderId.equals(Optional.of(memberId))) {
            leaderId = members.keySet().stream().findFirst();
        }
    }

    /** Puts {@code replacement} (same instance id, new member id) in place of {@code old}. */
    void replace(Member old, Member replacement) {
        members.remove(old.memberId);
        members.put(replacement.memberId, replacement);
        replacement.groupInstanceId.ifPresent(id -> staticMembers.put(id, replacement.memberId));
        if (leaderId.equals(Optional.of(old.memberId))) {
            leaderId = Optional.of(replacement.memberId);
        }
        if (synced.remove(old.memberId)) {
            synced.add(replacement.memberId);
        }
    }

    Optional<Member> member(String memberId) {
        return Optional.ofNullable(members.get(memberId));
    }

    boolean isLeader(String memberId) {
        return leaderId.equals(Optional.of(memberId));
    }

    long awaitingJoinCount() {
        return members.values().stream().filter(m -> m.awaitingJoin.isPresent()).count();
    }

    boolean allMembersJoined() {
        return awaitingJoinCount() == members.size() && pendingMembers.isEmpty();
    }

    int rebalanceTimeoutMs() {
        return members.values().stream().mapToInt(m -> m.rebalanceTimeoutMs).max().orElse(0);
    }

    /** The protocols every member supports. */
    private Set<String> commonProtocols() {
        Set<String> common = null;
        for (Member member : members.values()) {
            Set<String> names = member.protocols.stream().map(Member.Protocol::name)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            if (common == null) {
                common = names;
            } else {
                common.retainAll(names);
            }
        }
        return common == null ? Set.of() : common;
    }

    /** Whether a member with this protocol type and these protocols may join (Kafka's rule). */
    boolean supports(String memberProtocolType, List<Member.Protocol> protocols) {
        if (protocols.isEmpty() || memberProtocolType.isEmpty()) {
            return false;
        }
        if (members.isEmpty()) {
            return true;
        }
        if (!protocolType.orElse("").equals(memberProtocolType)) {
            return false;
        }
        Set<String> common = commonProtocols();
        return protocols.stream().anyMatch(p -> common.contains(p.name()));
    }

    /**
     * The protocol for the next generation: among those all members support, the one most members
     * list first among them (ties go to the earlier in the first member's preference order).
     */
    String selectProtocol() {
        Set<String> common = commonProtocols();
        Map<String, Integer> votes = new LinkedHashMap<>();
        common.forEach(name -> votes.put(name, 0));
        for (Member member : members.values()) {
            member.protocols.stream().map(Member.Protocol::name).filter(common::contains).findFirst()
                    .ifPresent(name -> votes.merge(name, 1, Integer::sum));
        }
        return votes.entrySet().stream()
                .reduce((best, next) -> next.getValue() > best.getValue() ? next : best)
                .map(Map.Entry::getKey)
                .orElseThrow(() -> new IllegalStateException("group " + groupId + " has no common protocol"));
    }

    /** Topics the members subscribed to, when they are Kafka consumers and a protocol is selected. */
    Optional<Set<String>> subscribedTopics(Function<byte[], Set<String>> subscriptionTopics) {
        if (protocol.isEmpty() || !protocolType.equals(Optional.of(ConsumerSubscriptions.PROTOCOL_TYPE))) {
            return Optional.empty();
        }
        Set<String> topics = new HashSet<>();
        for (Member member : members.values()) {
            topics.addAll(subscriptionTopics.apply(member.metadata(protocol.get())));
        }
        return Optional.of(topics);
    }

    StoredGroup toStored() {
        List<StoredMember> stored = new ArrayList<>();
        String selected = protocol.orElse("");
        members.values().forEach(m -> stored.add(m.toStored(selected)));
        return new StoredGroup(protocolType.orElse(""), generation, protocol, leaderId, stored);
    }
}
