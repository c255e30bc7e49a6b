package io.chronik.core.raft;

/**
 * The knobs of one simulated run.
 *
 * @param nodes              number of voters
 * @param dropRate           probability that a message is lost
 * @param maxDelayMs         network delay is uniform in [1, maxDelayMs] (never reordering a pair)
 * @param maxFsyncMs         WAL durability delay is uniform in [1, maxFsyncMs]
 * @param crashRate          per fault step: probability of crashing a random live node (or restarting a dead one)
 * @param partitionRate      per fault step: probability of a new random partition (or healing one)
 * @param durationMs         simulated time with faults and proposals
 * @param proposalIntervalMs a client proposes at the leader this often
 * @param logStartEvery      how far the log start moves: the quorum snapshots every this many entries,
 *                           a partition frees its oldest records about this often; 0 never
 */
record SimScenario(String name, int nodes, double dropRate, int maxDelayMs, int maxFsyncMs, double crashRate,
                   double partitionRate, long durationMs, int proposalIntervalMs, int logStartEvery) {

    /** A lossless network and no random faults, for scripted tests. */
    static SimScenario quiet(int nodes) {
        return new SimScenario("scripted " + nodes + " nodes", nodes, 0, 10, 3, 0, 0, 0, 1, 0);
    }

    /** {@link #quiet} with the log start moving every {@code logStartEvery} entries. */
    SimScenario withLogStartEvery(int every) {
        return new SimScenario(name + ", log start every " + every, nodes, dropRate, maxDelayMs, maxFsyncMs, crashRate,
                partitionRate, durationMs, proposalIntervalMs, every);
    }
}
