/**
 * Cluster metadata as a log of {@link io.chronik.core.metadata.MetadataCommand}s: their versioned
 * binary codec and the deterministic {@link io.chronik.core.metadata.MetadataStateMachine} that
 * applies them (topics, replica assignments with leaders and ISRs, brokers and their fencing, config
 * overrides, partition counts, DeleteRecords log starts, producer-id blocks). The replicated log that
 * carries them is {@link io.chronik.core.cluster.MetadataQuorum}.
 */
package io.chronik.core.metadata;
