package io.chronik.examples.chaos;

import io.chronik.spi.replication.MessageBody;
import io.chronik.spi.replication.ReplicationTransport;
import java.nio.ByteBuffer;
import java.util.Optional;

/** Where chaos hands a message it did not lose: straight to the delegate, or through a delay line. */
sealed interface Outbound extends AutoCloseable permits Outbound.Direct, DelayLine {

    /** Same contract as {@link ReplicationTransport#send}; the message is known to be valid. */
    boolean send(int toNode, ByteBuffer header, Optional<MessageBody> body);

    @Override
    void close();

    /** No delay configured: the delegate's own queueing, backpressure and zero-copy regions apply. */
    record Direct(ReplicationTransport delegate) implements Outbound {
        @Override
        public boolean send(int toNode, ByteBuffer header, Optional<MessageBody> body) {
            return delegate.send(toNode, header, body);
        }

        @Override
        public void close() {
            // Nothing of its own; the delegate is closed by ChaosTransport.
        }
    }
}
