package io.chronik.core.raft;

import java.util.HashSet;
import java.util.Set;

/** The answers one (pre-)candidacy has received; the candidate's own vote counts from the start. */
final class VoteTally {

    private final int majority;
    private final Set<Integer> granted = new HashSet<>();
    private final Set<Integer> rejected = new HashSet<>();

    VoteTally(int self, int majority) {
        this.majority = majority;
        granted.add(self);
    }

    /** Records {@code voter}'s answer; a voter's first answer counts, repeats are ignored. */
    void record(int voter, boolean grant) {
        if (!granted.contains(voter) && !rejected.contains(voter)) {
            (grant ? granted : rejected).add(voter);
        }
    }

    boolean won() {
        return granted.size() >= majority;
    }
}
