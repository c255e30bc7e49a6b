package io.chronik.dist.notice;

import io.chronik.api.ChronikException;

/** The NOTICE cannot be written truthfully: a POM is unreadable or a bundled jar has no known license. */
public final class NoticeException extends ChronikException {

    private static final long serialVersionUID = 1L;

    public NoticeException(String message) {
        super(message);
    }

    public NoticeException(String message, Throwable cause) {
        super(message, cause);
    }
}
