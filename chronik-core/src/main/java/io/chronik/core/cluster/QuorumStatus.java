package io.chronik.core.cluster;

import io.chronik.core.raft.RoleKind;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What the metadata quorum's driver last saw of its engine, published after every step.
 *
 * @param role          this node's role
 * @param term          the current term
 * @param leader        the leader of the term, if known
 * @param endOffset     the offset after the last local entry
 * @param highWatermark the end of the committed (and applied) prefix
 * @param leaderReady   this node leads and its own leader-change entry is committed, so its state
 *                      holds every entry of earlier terms: it may validate against it
 */
public record QuorumStatus(RoleKind role, int term, OptionalInt leader, long endOffset, long highWatermark,
                           boolean leaderReady) {

    public QuorumStatus {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(leader, "leader");
    }

    static final QuorumStatus STARTING = new QuorumStatus(RoleKind.FOLLOWER, 0, OptionalInt.empty(), 0, 0, false);
}
