package io.chronik.examples.chaos;

import io.chronik.spi.replication.MessageBody;
import io.chronik.spi.replication.ReplicationTransport;
import java.nio.ByteBuffer;
import java.util.List;

/** Where chaos hands a message it did not lose: straight to the delegate, or through a delay line. */
sealed interface Outbound extends AutoCloseable permits Outbound.Direct, DelayLine {

    /**
     * Same contract as {@link ReplicationTransport#send(int, ByteBuffer, List)}: the body is the parts'
     * concatenation (none: no body). The message is known to be valid.
     */
    boolean send(int toNode, ByteBuffer header, List<MessageBody> parts);

    @Override
    void close();

    /**
     * No delay configured: the parts go on to the delegate as they are, so its own queueing, backpressure
     * and zero-copy sending of file regions apply.
     */
    record Direct(ReplicationTransport delegate) implements Outbound {
        @Override
        public boolean send(int toNode, ByteBuffer header, List<MessageBody> parts) {
            return delegate.send(toNode, header, parts);
        }

        @Override
        public void close() {
            // Nothing of its own; the delegate is closed by ChaosTransport.
        }
    }
}
