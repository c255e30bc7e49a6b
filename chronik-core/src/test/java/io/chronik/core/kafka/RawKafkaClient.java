package io.chronik.core.kafka;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * A blocking one-socket Kafka client for tests that need exact control over the frames: pipelining,
 * particular versions, corrupt bodies. Encodes and decodes with the kafka-clients message classes.
 */
final class RawKafkaClient implements AutoCloseable {

    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;
    private int nextCorrelationId = 1;

    RawKafkaClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        socket.setTcpNoDelay(true);
        out = new DataOutputStream(socket.getOutputStream());
        in = new DataInputStream(socket.getInputStream());
    }

    /** A decoded response. */
    record Response(int correlationId, ApiMessage body) {
    }

    /** The underlying socket, to change its read timeout. */
    Socket socket() {
        return socket;
    }

    /** Sends a request without waiting; returns its correlation id. */
    int send(ApiKeys api, short version, ApiMessage body) throws IOException {
        int correlationId = nextCorrelationId++;
        short headerVersion = api.requestHeaderVersion(version);
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(api.id).setRequestApiVersion(version)
                .setCorrelationId(correlationId).setClientId("raw-test");
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer buffer = ByteBuffer.allocate(header.size(cache, headerVersion) + body.size(cache, version));
        ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
        header.write(accessor, cache, headerVersion);
        body.write(accessor, cache, version);
        sendFrame(buffer.array());
        return correlationId;
    }

    void sendFrame(byte[] frame) throws IOException {
        out.writeInt(frame.length);
        out.write(frame);
        out.flush();
    }

    /** Reads the next response, decoding it as {@code api} at {@code version}. */
    Response receive(ApiKeys api, short version) throws IOException {
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        ResponseHeader header = ResponseHeader.parse(buffer, api.responseHeaderVersion(version));
        ApiMessage body = AbstractResponse.parseResponse(api, new ByteBufferAccessor(buffer), version).data();
        return new Response(header.correlationId(), body);
    }

    /** Sends and waits for the answer. */
    ApiMessage call(ApiKeys api, short version, ApiMessage body) throws IOException {
        int id = send(api, version, body);
        Response response = receive(api, version);
        if (response.correlationId() != id) {
            throw new IllegalStateException("expected correlation id " + id + ", got " + response.correlationId());
        }
        return response.body();
    }

    /** Whether the server closed the connection (reads end of stream). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
