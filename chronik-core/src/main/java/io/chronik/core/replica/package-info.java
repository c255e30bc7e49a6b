/**
 * This node's partition replicas: the {@link io.chronik.core.replica.ReplicaManager} applies the
 * controller's {@link io.chronik.core.cluster.PartitionAssignment}s (open, lead, follow, remove),
 * routes each partition's replication messages through the {@link io.chronik.core.cluster.PeerRouter}
 * and drives the replicas' timers on one thread; ISR changes go to the
 * {@link io.chronik.core.cluster.PartitionController}. Until the metadata log carries assignments, a
 * single node derives them itself ({@link io.chronik.core.replica.SingleNodeAssignments}).
 */
package io.chronik.core.replica;
