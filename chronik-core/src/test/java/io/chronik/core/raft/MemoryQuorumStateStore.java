package io.chronik.core.raft;

/** A quorum-state store for the simulation: {@code save} is durable at once, so it survives a crash. */
final class MemoryQuorumStateStore implements QuorumStateStore {

    private QuorumState state = QuorumState.INITIAL;

    @Override
    public QuorumState load() {
        return state;
    }

    @Override
    public void save(QuorumState newState) {
        if (newState.term() < state.term()) {
            throw new AssertionError("term went back from " + state.term() + " to " + newState.term());
        }
        if (newState.term() == state.term() && state.votedFor().isPresent() && !state.votedFor().equals(newState.votedFor())) {
            throw new AssertionError("vote of term " + state.term() + " changed from " + state.votedFor()
                    + " to " + newState.votedFor());
        }
        state = newState;
    }
}
