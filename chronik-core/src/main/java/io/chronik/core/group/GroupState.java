package io.chronik.core.group;

/**
 * The states of a classic group, with the names Kafka shows in DescribeGroups and ListGroups.
 *
 * <pre>
 * Empty ──join──▶ PreparingRebalance ──all joined / rebalance timeout──▶ CompletingRebalance
 *   ▲                 ▲        │ (no member left)                            │ leader's SyncGroup
 *   └─────────────────┼────────┘                                             ▼
 *                     └──────────── join, leave, session timeout ───────── Stable
 * any state ──DeleteGroups (only when Empty)──▶ Dead
 * </pre>
 */
public enum GroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String displayName;

    GroupState(String displayName) {
        this.displayName = displayName;
    }

    /** The name on the wire. */
    public String displayName() {
        return displayName;
    }
}
