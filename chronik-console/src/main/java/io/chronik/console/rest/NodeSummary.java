package io.chronik.console.rest;

import io.chronik.api.ChronikNode;

/** The body of {@code GET /api/v1/node}. */
public record NodeSummary(int nodeId, String clusterId) {

    public static NodeSummary of(ChronikNode node) {
        return new NodeSummary(node.nodeId(), node.clusterId());
    }
}
