package io.chronik.core.raft;

import java.util.Set;

/**
 * The controller as a partition leader sees it: the authority that records ISR changes (in the
 * metadata log) and that names leaders and their epochs. A leader applies an ISR change only once
 * the controller accepted it, so the controller always knows an ISR that holds every acknowledged
 * record, and picks the next leader from it.
 *
 * <p>Synchronous in this version: the driver answers on the engine thread (the metadata-log round
 * trip behind it is the driver's business). Called on the engine thread.
 */
@FunctionalInterface
public interface IsrController {

    /**
     * Asks to record {@code newIsr} for the partition led by {@code leaderId} in {@code leaderEpoch}.
     *
     * @return whether it was recorded; {@code false} for a stale leader epoch (a deposed leader)
     */
    boolean alterIsr(int leaderId, int leaderEpoch, Set<Integer> newIsr);
}
