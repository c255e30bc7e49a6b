package io.chronik.console.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a bounded page of records of one topic for display, with a consumer that joins no group and
 * commits nothing: from the earliest records, the latest ones, an offset or a timestamp, in one
 * partition or all of them.
 *
 * <h2>Bounds</h2>
 * A page holds at most {@value #MAX_RECORDS} records, keys and values are cut at
 * {@value #MAX_SHOWN_BYTES} bytes before rendering, and a read stops after {@link #READ_TIME}
 * whatever it has found: the console never holds more than one page per request. Only committed
 * records (below each partition's high watermark, as of the start of the read) are shown.
 *
 * <h2>Order</h2>
 * {@code latest} returns the newest records (by timestamp, then offset), newest first; every other
 * start returns the first records found from the start position, oldest first.
 *
 * <p>Thread-safe: each read uses its own consumer.
 */
public final class MessageBrowser {

    /** The most records one page holds. */
    public static final int MAX_RECORDS = 100;
    /** Keys and values are cut at this many bytes before they are rendered. */
    public static final int MAX_SHOWN_BYTES = 16 * 1024;
    static final Duration READ_TIME = Duration.ofSeconds(5);
    private static final Duration POLL_TIME = Duration.ofMillis(200);

    private static final Comparator<BrowsedRecord> OLDEST_FIRST = Comparator.comparingLong(BrowsedRecord::timestamp)
            .thenComparingInt(BrowsedRecord::partition).thenComparingLong(BrowsedRecord::offset);

    private final KafkaClients clients;
    private final TopicAdmin topics;

    public MessageBrowser(KafkaClients clients, TopicAdmin topics) {
        this.clients = clients;
        this.topics = topics;
    }

    /**
     * Reads one page.
     *
     * @param topic     the topic
     * @param partition one partition, or every partition when empty
     * @param start     where to start
     * @param limit     1 to {@value #MAX_RECORDS} records
     * @param format    how keys and values are rendered
     */
    public List<BrowsedRecord> read(String topic, OptionalInt partition, BrowseStart start, int limit, ValueFormat format) {
        if (limit < 1 || limit > MAX_RECORDS) {
            throw ConsoleRequestException.invalid("limit must be 1 to " + MAX_RECORDS + ", not " + limit);
        }
        int partitions = topics.partitionCounts(List.of(topic)).getOrDefault(topic, 0);
        if (partition.isPresent() && (partition.getAsInt() < 0 || partition.getAsInt() >= partitions)) {
            throw new ConsoleRequestException(ConsoleRequestException.Kind.NOT_FOUND,
                    "topic " + topic + " has no partition " + partition.getAsInt() + " (it has " + partitions + ")");
        }
        List<TopicPartition> wanted = (partition.isPresent() ? IntStream.of(partition.getAsInt())
                : IntStream.range(0, partitions)).mapToObj(p -> new TopicPartition(topic, p)).toList();
        Map<TopicPartition, Long> ends = OffsetLookup.latest(clients.admin(), wanted);
        Map<TopicPartition, Long> from = startOffsets(clients.admin(), wanted, ends, start, limit);
        if (from.isEmpty()) {
            return List.of();
        }
        return start.mode() == BrowseStart.Mode.LATEST
                ? newest(from, ends, limit, format) : oldest(from, ends, limit, format);
    }

    /** The offset to read each partition from; partitions with nothing to read are left out. */
    private static Map<TopicPartition, Long> startOffsets(Admin admin, Collection<TopicPartition> partitions,
                                                          Map<TopicPartition, Long> ends, BrowseStart start, int limit) {
        Map<TopicPartition, Long> starts = OffsetLookup.earliest(admin, partitions);
        Map<TopicPartition, Long> chosen = switch (start.mode()) {
            case EARLIEST -> starts;
            case LATEST -> {
                Map<TopicPartition, Long> latest = new HashMap<>();
                ends.forEach((tp, end) -> latest.put(tp, Math.max(starts.getOrDefault(tp, 0L), end - limit)));
                yield latest;
            }
            case OFFSET -> {
                Map<TopicPartition, Long> atOffset = new HashMap<>();
                starts.forEach((tp, first) -> atOffset.put(tp, Math.max(first, start.value())));
                yield atOffset;
            }
            case TIMESTAMP -> OffsetLookup.forTimestamp(admin, partitions, start.value());
        };
        Map<TopicPartition, Long> readable = new HashMap<>();
        chosen.forEach((tp, offset) -> {
            if (offset >= 0 && offset < ends.getOrDefault(tp, 0L)) {
                readable.put(tp, offset);
            }
        });
        return readable;
    }

    private List<BrowsedRecord> oldest(Map<TopicPartition, Long> from, Map<TopicPartition, Long> ends, int limit,
                                       ValueFormat format) {
        List<BrowsedRecord> found = new ArrayList<>();
        consume(from, ends, limit, record -> {
            if (found.size() < limit) {
                found.add(record);
            }
            return found.size() < limit;
        }, format);
        found.sort(OLDEST_FIRST);
        return found;
    }

    private List<BrowsedRecord> newest(Map<TopicPartition, Long> from, Map<TopicPartition, Long> ends, int limit,
                                       ValueFormat format) {
        // A min-heap of the newest records seen so far: never more than limit records held.
        PriorityQueue<BrowsedRecord> newest = new PriorityQueue<>(OLDEST_FIRST);
        consume(from, ends, limit, record -> {
            newest.add(record);
            if (newest.size() > limit) {
                newest.poll();
            }
            return true;
        }, format);
        List<BrowsedRecord> found = new ArrayList<>(newest);
        found.sort(OLDEST_FIRST.reversed());
        return found;
    }

    /** What a read does with each record; answers whether it wants more. */
    private interface Sink {
        boolean accept(BrowsedRecord record);
    }

    private void consume(Map<TopicPartition, Long> from, Map<TopicPartition, Long> ends, int limit, Sink sink,
                         ValueFormat format) {
        long deadline = System.nanoTime() + READ_TIME.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer(limit)) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            Map<TopicPartition, Long> remaining = new HashMap<>(ends);
            remaining.keySet().retainAll(from.keySet());
            while (!remaining.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIME)) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    Long end = remaining.get(tp);
                    if (end == null || record.offset() >= end) {
                        continue;
                    }
                    if (!sink.accept(show(record, format))) {
                        return;
                    }
                    if (record.offset() + 1 >= end) {
                        remaining.remove(tp);
                        consumer.pause(List.of(tp));
                    }
                }
            }
        } catch (KafkaException e) {
            throw KafkaCalls.translate(e, "reading records");
        }
    }

    static BrowsedRecord show(ConsumerRecord<byte[], byte[]> record, ValueFormat format) {
        byte[] key = record.key();
        byte[] value = record.value();
        boolean truncated = (key != null && key.length > MAX_SHOWN_BYTES) || (value != null && value.length > MAX_SHOWN_BYTES);
        List<BrowsedRecord.Header> headers = new ArrayList<>();
        record.headers().forEach(header -> headers.add(new BrowsedRecord.Header(header.key(),
                Optional.ofNullable(header.value()).map(v -> new String(cut(v), StandardCharsets.UTF_8)))));
        return new BrowsedRecord(record.partition(), record.offset(), record.timestamp(), record.timestampType().name,
                Optional.ofNullable(key).map(k -> format.render(cut(k))), Optional.ofNullable(value).map(v -> format.render(cut(v))),
                key == null ? 0 : key.length, value == null ? 0 : value.length, truncated, headers);
    }

    private static byte[] cut(byte[] bytes) {
        return bytes.length > MAX_SHOWN_BYTES ? Arrays.copyOf(bytes, MAX_SHOWN_BYTES) : bytes;
    }
}
