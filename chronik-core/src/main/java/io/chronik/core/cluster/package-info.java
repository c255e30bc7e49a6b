/**
 * The node's part of the cluster: the metadata quorum and controller, and the seams the partition
 * replicas use.
 *
 * <ul>
 *   <li>{@link io.chronik.core.cluster.MetadataQuorum} drives the Raft engine over the WAL log
 *       {@code __cluster_metadata} on one thread and applies committed commands to the
 *       {@link io.chronik.core.metadata.MetadataStateMachine} on every node.</li>
 *   <li>{@link io.chronik.core.cluster.MetadataController} executes
 *       {@link io.chronik.core.cluster.MetadataOperation}s on the leader, one at a time against its
 *       latest state, and fences brokers that stop heartbeating.</li>
 *   <li>{@link io.chronik.core.cluster.ControllerClient} gets an operation executed from any node:
 *       locally on the leader, else forwarded through the {@code LeaderForwarder}
 *       ({@link io.chronik.core.cluster.MetadataOperationCodec}), retried when leadership moves, and
 *       answered once the node applied the change; {@link io.chronik.core.cluster.ControllerRequestHandler}
 *       is the leader's side of that.</li>
 *   <li>{@link io.chronik.core.cluster.PeerRouter} shares the replication transport between the
 *       quorum ({@link io.chronik.core.cluster.PeerChannel#METADATA}) and partition replicas, which
 *       follow the {@link io.chronik.core.cluster.PartitionAssignment}s the state machine reports and
 *       ask for ISR changes through a {@link io.chronik.core.cluster.PartitionController}.</li>
 * </ul>
 *
 * {@link io.chronik.core.cluster.ClusterMetadata} wires one node's part together.
 */
package io.chronik.core.cluster;
