/**
 * The replicated-log engine: the metadata quorum ({@link io.chronik.core.raft.RaftEngine}) and
 * partition replicas in ISR mode ({@link io.chronik.core.raft.IsrReplica}), both pure state machines
 * with no thread, socket, clock or file of their own.
 *
 * <h2>Seams</h2>
 * A driver (one thread) calls {@code poll(nowMs)} and {@code handle(fromNode, message, nowMs)},
 * drains {@code drainOutbox()} into the {@code ReplicationTransport} (messages encoded by
 * {@link io.chronik.core.raft.MessageCodec}), and calls {@code poll} again when a WAL future completes
 * (the engines take a {@code wakeup} hook for that). Records live in a {@code WalLog} in one of two
 * {@link io.chronik.core.raft.RecordFormat}s: the metadata log stores one
 * {@link io.chronik.core.raft.EntryCodec} entry per offset; a partition stores one Kafka v2 record
 * batch per WAL record at its base offset, its epoch the batch's {@code partitionLeaderEpoch}
 * ({@link io.chronik.core.raft.BatchFormat}), so the Kafka fetch path reads the replicated bytes
 * as they are and partition answers carry them as the transport body. The quorum's term and vote in a
 * {@link io.chronik.core.raft.QuorumStateStore}; the partition's ISR changes go through an
 * {@link io.chronik.core.raft.IsrController}.
 *
 * <h2>Shipping (both modes)</h2>
 * Pull-based, as Kafka's KRaft: a follower sends its position (epoch of its last entry, end offset)
 * and its durable end; the leader ({@link io.chronik.core.raft.FetchServer}) answers with the entries
 * after it, within a byte budget, or, if the follower's last epoch does not reach that offset in the
 * leader's log, with the end of the last common epoch, where the follower truncates
 * ({@link io.chronik.core.raft.LocalLog}). Commit counts only durable ends.
 *
 * <h2>Log start</h2>
 * Both logs are freed from the front: the quorum once a snapshot of its state covers the entries
 * ({@link io.chronik.core.raft.SnapshotStore}, kept by the engine's
 * {@link io.chronik.core.raft.SnapshotKeeper}), a partition by retention and DeleteRecords. A follower
 * whose position is below the leader's log start is told where to start over
 * ({@link io.chronik.core.raft.Message.FetchLogStart}): a partition follower drops its log and fetches
 * from the leader's log start, a quorum follower first fetches and installs the leader's newest snapshot.
 *
 * <h2>Proof</h2>
 * The tests drive both engines through a deterministic simulation (one seed, one
 * {@link java.util.Random}, a priority-queue scheduler, a lossy partitionable network, a WAL whose
 * crash loses what was not yet durable) and check safety invariants after every event and liveness
 * after healing. {@code -Dchronik.sim.seeds=N} runs more seeds, {@code -Dchronik.sim.seed=S} replays one.
 */
package io.chronik.core.raft;
