package io.chronik.core.kafka;

import io.chronik.core.network.ResponseFrame;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageSizeAccumulator;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

/**
 * Encodes a response frame (without the size prefix, which the network layer adds): the response
 * header in the version {@link ApiKeys#responseHeaderVersion} dictates, then the body, both with
 * the kafka-clients generated message classes. {@link #encode} writes one buffer;
 * {@link #encodeChunked} writes the same bytes as parts, leaving record data where it is (a Fetch
 * response's log regions are sent from their files).
 */
final class ResponseFrames {

    private ResponseFrames() {
    }

    static ByteBuffer encode(ApiKeys api, short version, int correlationId, ApiMessage body) {
        short headerVersion = api.responseHeaderVersion(version);
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
        header.write(accessor, cache, headerVersion);
        body.write(accessor, cache, version);
        return buffer.flip();
    }

    /**
     * The frame {@link #encode} would write, as parts: the header and fields in one buffer cut where
     * records go, each response's records as they are ({@link ChunkedWritable}).
     */
    static ResponseFrame encodeChunked(ApiKeys api, short version, int correlationId, ApiMessage body) {
        short headerVersion = api.responseHeaderVersion(version);
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        MessageSizeAccumulator size = new MessageSizeAccumulator();
        header.addSize(size, cache, headerVersion);
        body.addSize(size, cache, version);
        ChunkedWritable writable = new ChunkedWritable(size.sizeExcludingZeroCopy());
        header.write(writable, cache, headerVersion);
        body.write(writable, cache, version);
        return new ResponseFrame(writable.parts());
    }
}
