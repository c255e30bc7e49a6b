package io.chronik.core.producer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out producer ids that stay unique across restarts and nodes. Ids come from blocks reserved in
 * the metadata log by the controller ({@link Blocks}); the current block lives only in memory, so a
 * restart skips the unused rest of it (ids are 63-bit: wasting up to {@value #BLOCK_SIZE} per restart
 * is harmless) but never hands out an id twice.
 *
 * <h2>Threading</h2>
 * Thread-safe; a call that needs a new block blocks until the controller reserved it.
 */
public final class ProducerIdAllocator {

    /** Ids reserved per metadata-log write. */
    public static final int BLOCK_SIZE = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(ProducerIdAllocator.class);

    /** Where blocks come from. */
    @FunctionalInterface
    public interface Blocks {
        /**
         * Reserves {@code count} ids no one has had.
         *
         * @return the first of them
         * @throws ProducerIdsUnavailableException if no block could be reserved now
         */
        long reserve(int count);
    }

    private final Blocks blocks;
    private long next;
    private long blockEnd;

    public ProducerIdAllocator(Blocks blocks) {
        this.blocks = blocks;
    }

    /** Whether the next {@link #allocate} call has to reserve a new block from the controller. */
    public synchronized boolean needsBlock() {
        return next >= blockEnd;
    }

    /**
     * A producer id no one has had before.
     *
     * @throws ProducerIdsUnavailableException if a new block could not be reserved
     */
    public synchronized long allocate() {
        if (next >= blockEnd) {
            long first = blocks.reserve(BLOCK_SIZE);
            next = first;
            blockEnd = first + BLOCK_SIZE;
            LOG.debug("Reserved producer ids [{}, {})", next, blockEnd);
        }
        return next++;
    }
}
