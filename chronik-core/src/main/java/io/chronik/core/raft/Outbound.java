package io.chronik.core.raft;

/** A message the engine wants sent to {@code toNode}; the driver hands it to the transport. */
public record Outbound(int toNode, Message message) {
}
