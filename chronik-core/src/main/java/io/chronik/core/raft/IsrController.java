package io.chronik.core.raft;

import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;

/**
 * The controller as a partition leader sees it: the authority that records ISR changes (in the
 * metadata log) and that names leaders and their epochs. A leader applies an ISR change only once
 * the controller accepted it, so the controller always knows an ISR that holds every acknowledged
 * record, and picks the next leader from it.
 *
 * <h2>Threading</h2>
 * Called on the engine's thread; must not block. The future may complete on any thread; the replica
 * picks up the outcome on its next {@code poll} or {@code handle} (the driver's wakeup hook runs when
 * it completes).
 */
@FunctionalInterface
public interface IsrController {

    /**
     * Asks to record {@code newIsr} for the partition led by {@code leaderId} in {@code leaderEpoch}.
     *
     * @return completes with whether it was recorded ({@code false} for a stale leader epoch, a deposed
     *         leader), or exceptionally if the controller could not be asked (the leader asks again later)
     */
    CompletableFuture<Boolean> alterIsr(int leaderId, int leaderEpoch, SortedSet<Integer> newIsr);
}
