package io.chronik.wal.disruptor;

import io.chronik.spi.wal.FileChannels;
import io.chronik.spi.wal.RecoveryReport;
import io.chronik.spi.wal.WalCorruptionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Recovers one log directory when it is opened: opens its segments in offset order, rebuilds their sparse
 * indexes and decides what to keep.
 *
 * <ul>
 *   <li>Every segment but the last is walked header by header (structure only, not CRCs, so opening
 *       thousands of large logs stays cheap; reads verify CRCs later). The writer forces a segment
 *       before it rolls to the next one, so a damaged earlier segment is never a torn tail: it fails the
 *       open with {@link WalCorruptionException}.</li>
 *   <li>The last segment is walked with CRCs. At the first bad record, {@link TailScanner} looks for a
 *       valid record after it: if there is one, the open fails (middle corruption, never skipped);
 *       otherwise the tail is cut at the last good record, forced, and reported. In a version 2
 *       segment, zeros from where the next record header would start to the end of the file are
 *       preallocated space, not a torn tail: the segment ends there cleanly, keeps its zeros, and
 *       appends continue over them (nothing is reported).</li>
 *   <li>A last segment without any good record (created, then the crash; its header torn or still
 *       zero-filled) is removed and reported.</li>
 * </ul>
 *
 * Runs on the thread opening the log, before the log is visible to anyone else.
 */
final class LogRecovery {

    /** The recovered segments (ascending base offset) and what recovery did. */
    record Recovered(List<Segment> segments, RecoveryReport report) {
    }

    private final FileChannels files;
    private final Path directory;
    private final int maxRecordBytes;
    private final int indexIntervalBytes;
    private final SegmentSizing sizing;
    private final List<SegmentFile> opened = new ArrayList<>();

    private LogRecovery(FileChannels files, Path directory, int maxRecordBytes, int indexIntervalBytes,
                        SegmentSizing sizing) {
        this.files = files;
        this.directory = directory;
        this.maxRecordBytes = maxRecordBytes;
        this.indexIntervalBytes = indexIntervalBytes;
        this.sizing = sizing;
    }

    /** Recovers the log in {@code directory}, which must exist. */
    static Recovered recover(FileChannels files, Path directory, int maxRecordBytes, int indexIntervalBytes,
                             SegmentSizing sizing) throws IOException {
        LogRecovery recovery = new LogRecovery(files, directory, maxRecordBytes, indexIntervalBytes, sizing);
        try {
            return recovery.run();
        } catch (IOException | RuntimeException e) {
            for (SegmentFile file : recovery.opened) {
                try {
                    file.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** The base offsets of the segment files in {@code directory}, ascending. */
    static List<Long> segmentBaseOffsets(Path directory) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.map(p -> SegmentFormat.baseOffsetOf(p.getFileName().toString()))
                    .filter(OptionalLong::isPresent).map(OptionalLong::getAsLong).sorted().toList();
        }
    }

    private Recovered run() throws IOException {
        List<Long> bases = segmentBaseOffsets(directory);
        List<Segment> segments = new ArrayList<>();
        long last = Segment.NO_OFFSET;
        long records = 0;
        for (int i = 0; i < bases.size(); i++) {
            boolean tail = i == bases.size() - 1;
            long base = bases.get(i);
            Path path = directory.resolve(SegmentFormat.fileName(base));
            SegmentFile file = SegmentFile.open(files, path, sizing.segmentBytes());
            opened.add(file);
            if (file.size() < SegmentFormat.HEADER_LENGTH) {
                if (!tail) {
                    throw corruption(path, "segment header is torn (" + file.size() + " bytes) but later segments exist");
                }
                long bytes = file.size();
                remove(file);
                return new Recovered(segments, cut(records, bytes, last, path, "segment header torn ("
                        + bytes + " bytes)"));
            }
            if (tail && headerIsZeroFilled(file)
                    && TailScanner.findValidRecord(file, 0, last, maxRecordBytes).isEmpty()) {
                // created, then the crash came before its header reached the disk
                long bytes = file.size();
                remove(file);
                return new Recovered(segments, cut(records, bytes, last, path, "segment header zero-filled, no record"
                        + " follows"));
            }
            SegmentFormat.Header header = checkHeader(file, base, last);
            SparseIndex index = new SparseIndex(indexIntervalBytes);
            SegmentScanner.Result scan = SegmentScanner.scan(file, base, tail, maxRecordBytes, index);
            records += scan.records();
            boolean preallocatedEnd = tail && scan.problem().isPresent() && header.mayEndInZeros()
                    && TailScanner.onlyZerosFrom(file, scan.validEnd());
            if ((scan.problem().isEmpty() || preallocatedEnd) && scan.records() > 0) {
                segments.add(resume(file, header, scan.validEnd(), base, index, scan.lastOffset()));
                last = scan.lastOffset();
                continue;
            }
            if (!tail) {
                throw corruption(path, scan.problem().orElse("segment holds no records") + ", and later segments exist");
            }
            if (scan.problem().isEmpty() || preallocatedEnd) {
                remove(file); // created just before a crash, nothing was ever acknowledged in it
                break;
            }
            String problem = scan.problem().get();
            long afterOffset = scan.records() > 0 ? scan.lastOffset() : last;
            OptionalLong later = TailScanner.findValidRecord(file, scan.validEnd() + 1, afterOffset, maxRecordBytes);
            if (later.isPresent()) {
                throw corruption(path, problem + ", followed by a valid record at file position "
                        + later.getAsLong() + "; refusing to skip it");
            }
            long bytes = file.size() - scan.validEnd();
            if (scan.records() == 0) {
                remove(file);
            } else {
                file.truncate(scan.validEnd());
                file.force();
                segments.add(resume(file, header, scan.validEnd(), base, index, scan.lastOffset()));
                last = scan.lastOffset();
            }
            return new Recovered(segments, cut(records, bytes, last, path, problem));
        }
        return new Recovered(segments, records == 0 ? RecoveryReport.EMPTY
                : new RecoveryReport(records, 0, Optional.empty(), Optional.empty()));
    }

    /** The recovered segment whose records end at {@code end}; a version 2 file is preallocated from now on. */
    private Segment resume(SegmentFile file, SegmentFormat.Header header, long end, long base, SparseIndex index,
                           long lastOffset) throws IOException {
        if (header.mayEndInZeros()) {
            file.resumeAt(end, sizing.preallocateBytes());
        }
        return new Segment(base, file, index, end, lastOffset);
    }

    private SegmentFormat.Header checkHeader(SegmentFile file, long base, long previousOffset) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(SegmentFormat.HEADER_LENGTH);
        file.read(bytes, 0);
        SegmentFormat.Header header = SegmentFormat.decodeHeader(bytes, file.path());
        long headerBase = header.baseOffset();
        if (headerBase != base) {
            throw corruption(file.path(), "header base offset " + headerBase + " differs from the file name");
        }
        if (base <= previousOffset) {
            throw corruption(file.path(), "base offset " + base + " is not above the previous segment's last offset "
                    + previousOffset);
        }
        return header;
    }

    private static boolean headerIsZeroFilled(SegmentFile file) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(SegmentFormat.HEADER_LENGTH);
        file.read(header, 0);
        header.flip();
        return header.equals(ByteBuffer.allocate(SegmentFormat.HEADER_LENGTH));
    }

    private void remove(SegmentFile file) throws IOException {
        opened.remove(file);
        file.delete();
        Directories.force(files, directory);
    }

    private static RecoveryReport cut(long records, long bytes, long last, Path path, String problem) {
        return new RecoveryReport(records, bytes, last == Segment.NO_OFFSET ? Optional.empty() : Optional.of(last),
                Optional.of(path.getFileName() + ": " + problem));
    }

    private static WalCorruptionException corruption(Path path, String problem) {
        return new WalCorruptionException(path + ": " + problem);
    }
}
