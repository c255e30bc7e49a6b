package io.chronik.core.raft;

/** What a log entry carries; the code is its byte in {@link EntryCodec}. */
public enum EntryKind {
    /** A client proposal, delivered to the {@link StateMachine}. */
    DATA((byte) 0),
    /**
     * The entry a new leader appends at the start of its epoch (payload: the leader id, int32). It
     * lets the leader commit entries of earlier epochs (Raft §5.4.2); it is never applied.
     */
    LEADER_CHANGE((byte) 1);

    private final byte code;

    EntryKind(byte code) {
        this.code = code;
    }

    byte code() {
        return code;
    }

    static EntryKind ofCode(byte code) {
        for (EntryKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new RaftFormatException("unknown entry kind " + code);
    }
}
