package io.chronik.console.kafka;

import io.chronik.api.ChronikException;
import java.util.Objects;

/**
 * A console request that could not be done, with the reason's kind, so the REST API can answer the
 * right status code and the UI can show the message. Messages are meant for the person who asked.
 */
public final class ConsoleRequestException extends ChronikException {

    private static final long serialVersionUID = 1L;

    /** Why a request failed; each kind has its HTTP status. */
    public enum Kind {
        /** The input is malformed or names something impossible. */
        INVALID(400),
        /** The topic, partition or group does not exist. */
        NOT_FOUND(404),
        /** The request contradicts the current state (a topic that exists, a group that is not empty). */
        CONFLICT(409),
        /** The node refused the request for another reason; the message says which. */
        REFUSED(422),
        /** The node's Kafka listener did not answer in time. */
        UNAVAILABLE(503);

        private final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Kind kind;

    public ConsoleRequestException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ConsoleRequestException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** A request with bad input. */
    public static ConsoleRequestException invalid(String message) {
        return new ConsoleRequestException(Kind.INVALID, message);
    }

    public Kind kind() {
        return kind;
    }
}
