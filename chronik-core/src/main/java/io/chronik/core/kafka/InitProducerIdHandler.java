package io.chronik.core.kafka;

import io.chronik.core.producer.ProducerIdAllocator;
import io.chronik.core.producer.ProducerIdsUnavailableException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.RequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * InitProducerId for idempotent (non-transactional) producers. As Kafka's transaction coordinator
 * does when the transactional id is null, every call gets a fresh producer id with epoch 0,
 * whatever producer id and epoch the request names (v3+ clients send their old ones when they
 * re-initialise; for an idempotent producer Kafka does not bump that epoch but hands out a new id,
 * whose partitions start with no state). Epoch bumps of idempotent producers happen client-side
 * (KIP-360) and are accepted by the partitions' producer state.
 *
 * <p>An empty transactional id, or a producer id without an epoch (or the reverse), is
 * {@code INVALID_REQUEST}, as from Kafka. Transactions are not
 * implemented: a request with a transactional id gets
 * {@code TRANSACTIONAL_ID_AUTHORIZATION_FAILED}, a non-retriable error that tells the client at once
 * rather than letting it retry for a coordinator that will never exist.
 */
final class InitProducerIdHandler implements ApiHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InitProducerIdHandler.class);

    private final ProducerIdAllocator allocator;

    InitProducerIdHandler(ProducerIdAllocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INIT_PRODUCER_ID;
    }

    /** Only when the allocator's block of ids is used up: reserving the next one is a metadata write. */
    @Override
    public boolean waitsForController(RequestHeader header, ApiMessage request) {
        return allocator.needsBlock();
    }

    @Override
    public CompletableFuture<Optional<ApiMessage>> handle(RequestHeader header, ApiMessage request) {
        InitProducerIdRequestData data = (InitProducerIdRequestData) request;
        InitProducerIdResponseData response = new InitProducerIdResponseData()
                .setProducerId(RecordBatch.NO_PRODUCER_ID)
                .setProducerEpoch(RecordBatch.NO_PRODUCER_EPOCH);
        boolean noProducer = data.producerId() == RecordBatch.NO_PRODUCER_ID
                && data.producerEpoch() == RecordBatch.NO_PRODUCER_EPOCH;
        boolean existingProducer = data.producerId() != RecordBatch.NO_PRODUCER_ID
                && data.producerEpoch() != RecordBatch.NO_PRODUCER_EPOCH;
        boolean emptyTransactionalId = data.transactionalId() != null && data.transactionalId().isEmpty();
        if ((!noProducer && !existingProducer) || emptyTransactionalId) {
            return ApiHandler.respond(response.setErrorCode(Errors.INVALID_REQUEST.code()));
        }
        if (data.transactionalId() != null) {
            return ApiHandler.respond(response.setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code()));
        }
        try {
            long producerId = allocator.allocate();
            LOG.debug("Producer id {} for client {}", producerId, header.clientId());
            return ApiHandler.respond(response.setProducerId(producerId).setProducerEpoch((short) 0));
        } catch (ProducerIdsUnavailableException e) {
            LOG.error("Could not reserve producer ids", e);
            return ApiHandler.respond(response.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code()));
        }
    }
}
