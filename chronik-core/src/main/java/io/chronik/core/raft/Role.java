package io.chronik.core.raft;

import java.util.OptionalInt;

/** The per-role state of a voter; exactly one is current. Mutable, engine thread only. */
sealed interface Role {

    RoleKind kind();

    /** Follows {@code leaderId} (if known) and fetches from it; times out into a pre-vote. */
    final class Follower implements Role {
        final OptionalInt leaderId;
        long electionDeadline;
        long lastLeaderContactMs;
        boolean fetchInFlight;
        long fetchRetryAtMs;

        Follower(OptionalInt leaderId, long electionDeadline, long nowMs) {
            this.leaderId = leaderId;
            this.electionDeadline = electionDeadline;
            this.lastLeaderContactMs = nowMs;
        }

        @Override
        public RoleKind kind() {
            return RoleKind.FOLLOWER;
        }
    }

    /** Asks for pre-votes for the next term without adopting it. */
    record PreCandidate(VoteTally tally, long electionDeadline) implements Role {
        @Override
        public RoleKind kind() {
            return RoleKind.PRE_CANDIDATE;
        }
    }

    /** Has adopted a new term and voted for itself; asks for votes. */
    record Candidate(VoteTally tally, long electionDeadline) implements Role {
        @Override
        public RoleKind kind() {
            return RoleKind.CANDIDATE;
        }
    }

    /** Leads its term. */
    record Leader(LeaderState state) implements Role {
        @Override
        public RoleKind kind() {
            return RoleKind.LEADER;
        }
    }
}
