/**
 * Cluster metadata as a log of {@link io.chronik.core.metadata.MetadataCommand}s: their versioned
 * binary codec, the deterministic {@link io.chronik.core.metadata.MetadataStateMachine} that applies
 * them, and the single-node {@link io.chronik.core.metadata.MetadataLog} writer that stores them in
 * the WAL log {@code __cluster_metadata} and replays them on start. Commands cover topics, their
 * config overrides and partition counts, DeleteRecords log starts and producer-id blocks.
 */
package io.chronik.core.metadata;
