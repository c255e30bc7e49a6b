package io.chronik.core.raft;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Settings of one voter.
 *
 * @param nodeId               this node's id, one of {@code voters}
 * @param voters               the ids of every voter (a fixed set; membership changes are not supported)
 * @param electionTimeoutMs    base election timeout; each timer draws uniformly from [base, 2 × base)
 * @param fetchMaxWaitMs       how long a leader parks a fetch that has nothing new; the heartbeat
 * @param fetchTimeoutMs       how long a follower waits for a fetch answer before sending it again
 * @param maxFetchBytes        byte budget of one fetch answer (at least one entry is always sent)
 * @param checkQuorumTimeoutMs a leader that has not been fetched from by a majority within this
 *                             time resigns (so a partitioned leader stops accepting proposals)
 */
public record RaftConfig(int nodeId, SortedSet<Integer> voters, int electionTimeoutMs, int fetchMaxWaitMs,
                         int fetchTimeoutMs, int maxFetchBytes, int checkQuorumTimeoutMs) {

    public RaftConfig {
        voters = new TreeSet<>(voters);
        if (!voters.contains(nodeId)) {
            throw new IllegalArgumentException("node " + nodeId + " is not among the voters " + voters);
        }
        if (electionTimeoutMs <= 0 || fetchMaxWaitMs <= 0 || fetchTimeoutMs <= 0 || maxFetchBytes <= 0
                || checkQuorumTimeoutMs <= 0) {
            throw new IllegalArgumentException("timeouts and byte limits must be positive: electionTimeoutMs="
                    + electionTimeoutMs + " fetchMaxWaitMs=" + fetchMaxWaitMs + " fetchTimeoutMs=" + fetchTimeoutMs
                    + " maxFetchBytes=" + maxFetchBytes + " checkQuorumTimeoutMs=" + checkQuorumTimeoutMs);
        }
        if (fetchMaxWaitMs >= electionTimeoutMs) {
            throw new IllegalArgumentException("fetchMaxWaitMs (" + fetchMaxWaitMs
                    + ") must be below electionTimeoutMs (" + electionTimeoutMs + ") or followers time out idle leaders");
        }
    }

    /** Defaults for {@code nodeId} among {@code voters}: 1 s election timeout, 100 ms heartbeat, 1 MiB fetches. */
    public static RaftConfig defaults(int nodeId, Set<Integer> voters) {
        return new RaftConfig(nodeId, new TreeSet<>(voters), 1000, 100, 400, 1 << 20, 1500);
    }

    /** The smallest number of voters that is a majority. */
    public int majority() {
        return voters.size() / 2 + 1;
    }
}
