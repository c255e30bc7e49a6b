package io.chronik.core.raft;

/** The role a voter currently plays. */
public enum RoleKind {
    FOLLOWER, PRE_CANDIDATE, CANDIDATE, LEADER
}
