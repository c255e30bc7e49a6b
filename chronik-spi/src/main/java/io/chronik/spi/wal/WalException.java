package io.chronik.spi.wal;

import io.chronik.api.ChronikException;

/** An append, read or maintenance operation on a WAL failed. */
public class WalException extends ChronikException {
    private static final long serialVersionUID = 1L;

    public WalException(String message) {
        super(message);
    }

    public WalException(String message, Throwable cause) {
        super(message, cause);
    }
}
