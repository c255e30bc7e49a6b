package io.chronik.core.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.core.log.SpanCopier;
import io.chronik.core.raft.Message.BeginEpoch;
import io.chronik.core.raft.Message.FetchBatches;
import io.chronik.core.raft.Message.FetchDiverging;
import io.chronik.core.raft.Message.FetchEntries;
import io.chronik.core.raft.Message.FetchRejected;
import io.chronik.core.raft.Message.FetchRequest;
import io.chronik.core.raft.Message.VoteRequest;
import io.chronik.core.raft.Message.VoteResponse;
import io.chronik.spi.replication.MessageBody;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessageCodecTest {

    static Stream<Message> messages() {
        LogEntry data = new LogEntry(7, 3, EntryKind.DATA, ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)));
        LogEntry change = new LogEntry(8, 4, EntryKind.LEADER_CHANGE, ByteBuffer.allocate(4).putInt(0, 2));
        return Stream.of(
                new VoteRequest(5, 2, new LogPosition(4, 99), true),
                new VoteRequest(5, 2, LogPosition.START, false),
                new VoteResponse(6, true, false, OptionalInt.empty()),
                new VoteResponse(6, false, true, OptionalInt.of(3)),
                new BeginEpoch(9, 1),
                new FetchRequest(9, new LogPosition(8, 1234), 1200),
                new FetchEntries(4, 7, 5, List.of(data, change)),
                new FetchEntries(4, 7, 5, List.of()),
                new FetchDiverging(4, 30, new LogPosition(2, 17)),
                new FetchRejected(4, OptionalInt.of(2)),
                new FetchRejected(4, OptionalInt.empty()),
                new FetchBatches(4, 7, 5, List.of(new MessageBody.Bytes(IsrSimCluster.batch(7, 4, List.of("a", "b"))))),
                new FetchBatches(4, 7, 5, List.of()),
                new Message.FetchLogStart(4, 12, new LogPosition(3, 200)),
                new Message.SnapshotRequest(4, new LogPosition(3, 200), 65_536),
                new Message.SnapshotChunk(4, new LogPosition(3, 200), 2, 5, ByteBuffer.wrap(new byte[] {1, 2, 3})),
                new Message.SnapshotChunk(4, new LogPosition(3, 200), 0, 0, ByteBuffer.allocate(0)));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void roundTripsEveryMessage(Message message) {
        assertThat(MessageCodec.decode(MessageCodec.encode(message), SpanCopier.copy(MessageCodec.body(message))))
                .isEqualTo(message);
    }

    @ParameterizedTest
    @MethodSource("messages")
    void refusesEveryTruncation(Message message) {
        ByteBuffer bytes = MessageCodec.encode(message);
        for (int length = 0; length < bytes.remaining(); length++) {
            ByteBuffer prefix = bytes.duplicate().limit(length);
            assertThatThrownBy(() -> MessageCodec.decode(prefix)).isInstanceOf(RaftFormatException.class);
        }
    }

    @Test
    void refusesTrailingBytes() {
        ByteBuffer bytes = MessageCodec.encode(new BeginEpoch(1, 1));
        ByteBuffer longer = ByteBuffer.allocate(bytes.remaining() + 1).put(bytes).put((byte) 0).flip();
        assertThatThrownBy(() -> MessageCodec.decode(longer)).isInstanceOf(RaftFormatException.class)
                .hasMessageContaining("1 unexpected bytes");
    }

    @Test
    void writesTheLowestVersionThatHasTheTypeAndRefusesACatchUpTypeInVersion1() {
        assertThat(MessageCodec.encode(new BeginEpoch(1, 1)).get(MessageCodec.VERSION_OFFSET)).isEqualTo((byte) 1);
        ByteBuffer request = MessageCodec.encode(new Message.SnapshotRequest(1, new LogPosition(1, 9), 0));
        assertThat(request.get(MessageCodec.VERSION_OFFSET)).isEqualTo(MessageCodec.FORMAT_VERSION);
        request.put(MessageCodec.VERSION_OFFSET, (byte) 1);
        assertThatThrownBy(() -> MessageCodec.decode(request)).isInstanceOf(RaftFormatException.class)
                .hasMessageContaining("needs format version 2");
        ByteBuffer chunk = MessageCodec.encode(new Message.SnapshotChunk(1, new LogPosition(1, 9), 0, 3,
                ByteBuffer.wrap(new byte[] {1, 2, 3})));
        assertThatThrownBy(() -> MessageCodec.decode(chunk, ByteBuffer.allocate(2)))
                .isInstanceOf(RaftFormatException.class).hasMessageContaining("announces 3 bytes");
    }

    @Test
    void refusesANewerFormatVersionAndUnknownTypes() {
        ByteBuffer newer = MessageCodec.encode(new BeginEpoch(1, 1));
        newer.put(MessageCodec.VERSION_OFFSET, (byte) 3);
        assertThatThrownBy(() -> MessageCodec.decode(newer)).isInstanceOf(RaftFormatException.class)
                .hasMessageContaining("format version 3");
        ByteBuffer unknown = MessageCodec.encode(new BeginEpoch(1, 1));
        unknown.put(MessageCodec.TYPE_OFFSET, (byte) 42);
        assertThatThrownBy(() -> MessageCodec.decode(unknown)).isInstanceOf(RaftFormatException.class)
                .hasMessageContaining("type 42");
    }

    @Test
    void refusesAnImpossibleEntryCount() {
        ByteBuffer bytes = MessageCodec.encode(new FetchEntries(1, 0, 0, List.of()));
        bytes.putInt(bytes.limit() - Integer.BYTES, Integer.MAX_VALUE);
        assertThatThrownBy(() -> MessageCodec.decode(bytes)).isInstanceOf(RaftFormatException.class)
                .hasMessageContaining("invalid entry count");
    }
}
