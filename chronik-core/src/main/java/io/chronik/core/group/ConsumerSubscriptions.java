package io.chronik.core.group;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the topics out of a Kafka consumer's group-member metadata (protocol type
 * {@code consumer}, the client's {@link ConsumerProtocol} subscription format). The coordinator
 * otherwise treats member metadata as opaque bytes.
 */
final class ConsumerSubscriptions {

    /** The protocol type of Kafka consumers. */
    static final String PROTOCOL_TYPE = ConsumerProtocol.PROTOCOL_TYPE;
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerSubscriptions.class);

    private ConsumerSubscriptions() {
    }

    /** The subscribed topics, or none if the bytes are not a consumer subscription. */
    static Set<String> topics(byte[] metadata) {
        try {
            return new HashSet<>(ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(metadata)).topics());
        } catch (RuntimeException e) {
            LOG.debug("Unreadable consumer subscription of {} bytes", metadata.length, e);
            return Set.of();
        }
    }
}
