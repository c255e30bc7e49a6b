package io.chronik.spi.wal;

/**
 * A log holds a corrupt record followed by valid ones: not a torn tail but damage in the middle, which
 * recovery must not silently skip. Opening the log fails; an operator has to look.
 */
public class WalCorruptionException extends WalException {
    private static final long serialVersionUID = 1L;

    public WalCorruptionException(String message) {
        super(message);
    }
}
