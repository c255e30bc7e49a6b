package io.chronik.core.raft;

/**
 * An {@code acks=all} append was refused, or could not be acknowledged, because the in-sync replica
 * set was smaller than {@code min.insync.replicas}.
 */
public class NotEnoughReplicasException extends RaftException {
    private static final long serialVersionUID = 1L;

    public NotEnoughReplicasException(String message) {
        super(message);
    }
}
