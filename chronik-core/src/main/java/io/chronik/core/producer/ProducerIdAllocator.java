package io.chronik.core.producer;

import io.chronik.core.metadata.MetadataCommand;
import io.chronik.core.metadata.MetadataLog;
import io.chronik.core.metadata.MetadataStateMachine.Applied;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out producer ids that stay unique across restarts. Ids come from blocks reserved in the
 * metadata log ({@link MetadataCommand.AllocateProducerIds}); the current block lives only in
 * memory, so a restart skips the unused rest of it (ids are 63-bit: wasting up to
 * {@value #BLOCK_SIZE} per restart is harmless) but never hands out an id twice.
 *
 * <h2>Threading</h2>
 * Thread-safe; a call that needs a new block blocks for one metadata-log flush.
 */
public final class ProducerIdAllocator {

    /** Ids reserved per metadata-log write. */
    public static final int BLOCK_SIZE = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(ProducerIdAllocator.class);

    private final MetadataLog metadata;
    private long next;
    private long blockEnd;

    public ProducerIdAllocator(MetadataLog metadata) {
        this.metadata = metadata;
    }

    /**
     * A producer id no one has had before.
     *
     * @throws io.chronik.spi.wal.WalException if a new block could not be reserved
     */
    public synchronized long allocate() {
        if (next >= blockEnd) {
            long first = metadata.state().nextProducerId();
            Applied applied = metadata.write(new MetadataCommand.AllocateProducerIds(first, BLOCK_SIZE));
            if (!(applied instanceof Applied.ProducerIdsAllocated allocated)) {
                throw new IllegalStateException("reserving producer ids from " + first + " had no effect: " + applied);
            }
            next = allocated.firstId();
            blockEnd = allocated.firstId() + allocated.count();
            LOG.debug("Reserved producer ids [{}, {})", next, blockEnd);
        }
        return next++;
    }
}
