package dev.sower.rsync.transfer;

import dev.sower.rsync.transfer.wire.Int32;
import java.nio.ByteBuffer;

/**
 * Decodes a {@link SumHead} with rsync's own checks (io.c {@code read_sum_head}) and the table
 * memory cap of {@link SumLimits}. Consumes nothing until all 16 bytes are there, so it can be
 * called again with more input.
 */
public final class SumHeadDecoder {
    private final SumLimits limits;

    public SumHeadDecoder(SumLimits limits) {
        this.limits = limits;
    }

    /**
     * Returns the sum head, or {@code null} (nothing consumed) while fewer than 16 bytes are
     * available.
     *
     * @throws TransferProtocolException for a negative or too large count, a block length out of
     *                                   range, a strong-sum length over the digest's, or a
     *                                   remainder longer than a block
     */
    public SumHead decode(ByteBuffer in) throws TransferProtocolException {
        if (in.remaining() < SumHead.BYTES) {
            return null;
        }
        int count = Int32.get(in);
        int blength = Int32.get(in);
        int s2length = Int32.get(in);
        int remainder = Int32.get(in);
        if (count < 0) {
            throw new TransferProtocolException("Invalid checksum count " + count);
        }
        if (blength < 0 || blength > limits.maxBlockLength()) {
            throw new TransferProtocolException("Invalid block length " + blength);
        }
        if (count > 0 && blength == 0) {
            throw new TransferProtocolException("Invalid zero block length");
        }
        if (s2length < 0 || s2length > limits.maxStrongLength()) {
            throw new TransferProtocolException("Invalid checksum length " + s2length);
        }
        if (remainder < 0 || remainder > blength) {
            throw new TransferProtocolException("Invalid remainder length " + remainder);
        }
        if (count * SumLimits.entryBytes(s2length) > limits.maxTableBytes()) {
            throw new TransferProtocolException("Invalid checksum count " + count + " (the block sums of "
                    + count + " blocks exceed this server's limit of " + limits.maxTableBytes() + " bytes)");
        }
        return new SumHead(count, blength, s2length, remainder);
    }
}
