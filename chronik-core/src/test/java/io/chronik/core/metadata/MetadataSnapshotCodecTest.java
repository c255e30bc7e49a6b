package io.chronik.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class MetadataSnapshotCodecTest {

    private static final int SEEDS = 200;

    /** Random commands over a small world of brokers and topics, many of them fitting the state. */
    static final class CommandSource {
        private final Random random;
        private final List<Uuid> topicIds = new ArrayList<>();
        private long nextProducerId;

        CommandSource(Random random) {
            this.random = random;
        }

        MetadataCommand next() {
            int broker = 1 + random.nextInt(5);
            Uuid topic = topicIds.isEmpty() || random.nextInt(8) == 0 ? new Uuid(random.nextLong(), random.nextLong())
                    : topicIds.get(random.nextInt(topicIds.size()));
            return switch (random.nextInt(12)) {
                case 0 -> new MetadataCommand.RegisterBroker(broker, "host-" + broker, 9000 + random.nextInt(10));
                case 1 -> {
                    Uuid id = new Uuid(random.nextLong(), random.nextLong());
                    topicIds.add(id);
                    yield MetadataCommand.CreateTopic.of("t" + random.nextInt(30), id, assignment(1 + random.nextInt(3)),
                            Map.of("retention.ms", Integer.toString(random.nextInt(1000))));
                }
                case 2 -> new MetadataCommand.DeleteTopic(topic);
                case 3 -> new MetadataCommand.AlterTopicConfigs(topic, new TreeMap<>(Map.of("cleanup.policy",
                        random.nextBoolean() ? "delete" : "compact", "ü-key", "wert")));
                case 4 -> new MetadataCommand.CreatePartitions(topic, 2 + random.nextInt(3), assignment(1));
                case 5 -> new MetadataCommand.AdvanceLogStart(topic, random.nextInt(3), random.nextInt(10_000));
                case 6 -> new MetadataCommand.FenceBroker(broker);
                case 7 -> new MetadataCommand.UnfenceBroker(broker);
                case 8 -> {
                    TreeSet<Integer> isr = new TreeSet<>(List.of(broker, 1 + random.nextInt(5)));
                    yield new MetadataCommand.ChangePartition(topic, random.nextInt(3),
                            random.nextBoolean() ? OptionalInt.of(broker) : OptionalInt.empty(), random.nextInt(20), isr);
                }
                case 10 -> new MetadataCommand.ReassignPartition(topic, random.nextInt(3),
                        assignment(1).get(0));
                case 11 -> new MetadataCommand.CancelReassignment(topic, random.nextInt(3));
                default -> {
                    int count = 1 + random.nextInt(1000);
                    long first = nextProducerId;
                    nextProducerId += count;
                    yield new MetadataCommand.AllocateProducerIds(first, count);
                }
            };
        }

        private List<List<Integer>> assignment(int partitions) {
            List<List<Integer>> assignment = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                List<Integer> replicas = new ArrayList<>(List.of(1, 2, 3, 4, 5));
                java.util.Collections.shuffle(replicas, random);
                assignment.add(List.copyOf(replicas.subList(0, 1 + random.nextInt(3))));
            }
            return assignment;
        }
    }

    @Test
    void restoringASnapshotAndReplayingTheRestEqualsApplyingEverything() {
        for (int seed = 0; seed < SEEDS; seed++) {
            Random random = new Random(seed);
            CommandSource source = new CommandSource(random);
            List<MetadataCommand> commands = new ArrayList<>();
            for (int i = 0, n = random.nextInt(300); i < n; i++) {
                commands.add(source.next());
            }
            MetadataStateMachine all = new MetadataStateMachine();
            for (int i = 0; i < commands.size(); i++) {
                all.apply(i, commands.get(i));
            }
            int cut = commands.isEmpty() ? 0 : random.nextInt(commands.size() + 1);
            MetadataStateMachine prefix = new MetadataStateMachine();
            for (int i = 0; i < cut; i++) {
                prefix.apply(i, commands.get(i));
            }
            ByteBuffer snapshot = MetadataSnapshotCodec.encode(prefix.image());

            MetadataStateMachine restored = new MetadataStateMachine();
            restored.apply(0, new MetadataCommand.RegisterBroker(42, "stale", 1)); // replaced wholesale
            restored.restore(MetadataSnapshotCodec.decode(snapshot));
            assertThat(restored.digest()).as("seed %d, restored at %d", seed, cut).isEqualTo(prefix.digest());
            assertThat(restored.lastAppliedOffset()).isEqualTo(cut - 1);
            for (int i = cut; i < commands.size(); i++) {
                restored.apply(i, commands.get(i));
            }
            assertThat(restored.digest()).as("seed %d, snapshot at %d of %d", seed, cut, commands.size())
                    .isEqualTo(all.digest());
            assertThat(MetadataSnapshotCodec.encode(restored.image())).as("canonical bytes")
                    .isEqualTo(MetadataSnapshotCodec.encode(all.image()));
        }
    }

    @Test
    void everyFlippedByteAndEveryCutIsRefused() {
        CommandSource source = new CommandSource(new Random(7));
        MetadataStateMachine state = new MetadataStateMachine();
        for (int i = 0; i < 60; i++) {
            state.apply(i, source.next());
        }
        ByteBuffer snapshot = MetadataSnapshotCodec.encode(state.image());
        for (int i = 0; i < snapshot.remaining(); i++) {
            ByteBuffer corrupt = ByteBuffer.allocate(snapshot.remaining()).put(snapshot.duplicate()).flip();
            corrupt.put(i, (byte) (corrupt.get(i) ^ 0x10));
            assertThatThrownBy(() -> MetadataSnapshotCodec.decode(corrupt)).as("byte %d flipped", i)
                    .isInstanceOf(MetadataFormatException.class);
        }
        for (int length = 0; length < snapshot.remaining(); length += 7) {
            ByteBuffer cut = snapshot.duplicate().limit(length);
            assertThatThrownBy(() -> MetadataSnapshotCodec.decode(cut)).as("cut at %d", length)
                    .isInstanceOf(MetadataFormatException.class);
        }
    }

    @Test
    void aNewerFormatVersionIsRefusedByName() {
        ByteBuffer snapshot = MetadataSnapshotCodec.encode(new MetadataStateMachine().image());
        snapshot.putShort(MetadataSnapshotCodec.VERSION_OFFSET, (short) 2);
        assertThatThrownBy(() -> MetadataSnapshotCodec.decode(snapshot))
                .isInstanceOf(MetadataFormatException.class).hasMessageContaining("version 2");
    }
}
