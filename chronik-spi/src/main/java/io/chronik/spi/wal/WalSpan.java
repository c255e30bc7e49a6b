package io.chronik.spi.wal;

import io.chronik.spi.replication.MessageBody;

import java.util.Objects;

/**
 * One record of a {@link WalLog} in the form a caller sends on: its offset and its data, either a
 * region of the WAL's own file ({@link MessageBody.Region}, which a socket writer sends with
 * {@code FileChannel.transferTo} without copying it through the heap) or bytes
 * ({@link MessageBody.Bytes}). Either way the data is exactly what {@link WalLog#read} returns for the
 * record.
 *
 * @param offset the logical offset the record was appended with
 * @param data   the record's data
 */
public record WalSpan(long offset, MessageBody data) {

    public WalSpan {
        Objects.requireNonNull(data, "data");
    }

    /** The number of data bytes. */
    public int size() {
        return (int) data.length();
    }
}
