package io.chronik.console.kafka;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Waits for the answers of the console's Kafka clients and turns their errors into
 * {@link ConsoleRequestException}s of the right kind, keeping the node's own message.
 */
final class KafkaCalls {

    /** How long the console waits for one Kafka answer before telling the user the node is unavailable. */
    static final long TIMEOUT_MS = 15_000;

    private KafkaCalls() {
    }

    /** The value of {@code future} (a Kafka client's answer), waiting at most {@link #TIMEOUT_MS}. */
    static <T> T await(Future<T> future, String what) {
        try {
            return future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw translate(e.getCause(), what);
        } catch (TimeoutException e) {
            throw unavailable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsoleRequestException(ConsoleRequestException.Kind.UNAVAILABLE, what + ": interrupted", e);
        }
    }

    /** The console's view of a failure of a Kafka client call. */
    static ConsoleRequestException translate(Throwable failure, String what) {
        if (failure instanceof ConsoleRequestException known) {
            return known;
        }
        String message = what + ": " + failure.getMessage();
        if (failure instanceof TopicExistsException || failure instanceof GroupNotEmptyException
                || failure instanceof UnknownMemberIdException) {
            return new ConsoleRequestException(ConsoleRequestException.Kind.CONFLICT, message, failure);
        }
        if (failure instanceof UnknownTopicOrPartitionException || failure instanceof GroupIdNotFoundException) {
            return new ConsoleRequestException(ConsoleRequestException.Kind.NOT_FOUND, message, failure);
        }
        if (failure instanceof InvalidTopicException || failure instanceof InvalidPartitionsException
                || failure instanceof InvalidReplicationFactorException || failure instanceof InvalidConfigurationException
                || failure instanceof InvalidRequestException || failure instanceof PolicyViolationException
                || failure instanceof RecordTooLargeException) {
            return new ConsoleRequestException(ConsoleRequestException.Kind.INVALID, message, failure);
        }
        if (failure instanceof org.apache.kafka.common.errors.TimeoutException) {
            return unavailable(what, failure);
        }
        if (failure instanceof ApiException) {
            return new ConsoleRequestException(ConsoleRequestException.Kind.REFUSED, message, failure);
        }
        return new ConsoleRequestException(ConsoleRequestException.Kind.UNAVAILABLE, message, failure);
    }

    private static ConsoleRequestException unavailable(String what, Throwable cause) {
        return new ConsoleRequestException(ConsoleRequestException.Kind.UNAVAILABLE,
                what + ": the node's Kafka listener did not answer within " + TIMEOUT_MS / 1000 + " s", cause);
    }
}
