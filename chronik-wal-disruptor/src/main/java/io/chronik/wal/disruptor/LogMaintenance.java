package io.chronik.wal.disruptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Truncation, retention and removal of a log, run on the writer thread after every earlier append was
 * committed, under the log's write lock (so no reader is inside a segment that is cut or removed).
 * Every change is durable before the method returns: cut files are forced, and directories are forced
 * after files were removed.
 */
final class LogMaintenance {

    /** What maintenance needs from the writer: metered forces, and forgetting removed files. */
    interface Durability {
        void force(SegmentFile file, WalMeters.FsyncReason reason) throws IOException;

        void forceDirectory(Path directory) throws IOException;

        /** The file is about to be removed or closed: it must not be forced any more. */
        void forget(SegmentFile file);

        /** The directory is about to be removed: it must not be forced any more. */
        void forgetDirectory(Path directory);
    }

    private final Durability durability;

    LogMaintenance(Durability durability) {
        this.durability = durability;
    }

    /** Removes every record above {@code offset}. */
    void truncateAfter(DiskLog log, long offset) throws IOException {
        log.lock().writeLock().lock();
        try {
            boolean removed = false;
            Map.Entry<Long, Segment> last;
            while ((last = log.segments().lastEntry()) != null && last.getKey() > offset) {
                remove(log, last.getValue());
                removed = true;
            }
            if (removed) {
                durability.forceDirectory(log.directory());
            }
            long newLast = last == null ? Segment.NO_OFFSET : cutAfter(last.getValue(), offset);
            log.lastWritten(newLast);
            log.publishLast(newLast);
        } finally {
            log.lock().writeLock().unlock();
        }
    }

    /** Removes leading segments whose records all lie below {@code offset}; returns the new first offset. */
    OptionalLong deleteBefore(DiskLog log, long offset) throws IOException {
        log.lock().writeLock().lock();
        try {
            boolean removed = false;
            for (Iterator<Segment> it = log.segments().values().iterator(); it.hasNext(); ) {
                Segment segment = it.next();
                if (segment.lastOffset() >= offset) {
                    break;
                }
                remove(log, segment);
                removed = true;
            }
            if (removed) {
                durability.forceDirectory(log.directory());
            }
            Map.Entry<Long, Segment> first = log.segments().firstEntry();
            if (first == null) {
                log.lastWritten(Segment.NO_OFFSET);
                log.publishLast(Segment.NO_OFFSET);
                return OptionalLong.empty();
            }
            return OptionalLong.of(first.getKey());
        } finally {
            log.lock().writeLock().unlock();
        }
    }

    /** Closes the log and removes its directory. */
    void deleteLog(DiskLog log) throws IOException {
        log.segments().values().forEach(s -> durability.forget(s.file()));
        durability.forgetDirectory(log.directory());
        log.close();
        Directories.deleteLogDirectory(log.directory());
        durability.forceDirectory(log.directory().getParent());
    }

    private void remove(DiskLog log, Segment segment) throws IOException {
        log.segments().remove(segment.baseOffset());
        durability.forget(segment.file());
        segment.file().delete();
    }

    /** Cuts {@code segment} after the last record {@code <= offset}; returns that record's offset. */
    private long cutAfter(Segment segment, long offset) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(RecordCodec.HEADER_LENGTH);
        long position = segment.index().floorPosition(offset);
        long kept = segment.lastOffset();
        while (position < segment.end()) {
            RecordCodec.Header h = RecordSeek.header(segment.file(), position, header);
            if (h.offset() > offset) {
                segment.truncateTo(position, kept);
                durability.force(segment.file(), WalMeters.FsyncReason.TRUNCATE);
                return kept;
            }
            kept = h.offset();
            position += h.recordBytes();
        }
        return kept;
    }
}
