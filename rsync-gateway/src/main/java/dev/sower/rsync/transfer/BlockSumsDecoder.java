package dev.sower.rsync.transfer;

import dev.sower.rsync.transfer.wire.Int32;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads the block sums that follow a {@link SumHead}: per block an int32 weak checksum and
 * {@code strongLength} strong-sum bytes (sender.c {@code receive_sums}). Consumes whole entries
 * only; the table grows as entries arrive, so a peer that announces many blocks and then stalls
 * holds no more memory than it has sent (the announced total was already capped by
 * {@link SumHeadDecoder}).
 */
public final class BlockSumsDecoder {
    private static final int INITIAL_CAPACITY = 1024;

    private final SumHead head;
    private final int entryLength;
    private int[] weak;
    private byte[] strong;
    private int received;

    public BlockSumsDecoder(SumHead head) {
        this.head = head;
        this.entryLength = Int32.BYTES + head.strongLength();
        int initial = Math.min(head.count(), INITIAL_CAPACITY);
        this.weak = new int[initial];
        this.strong = new byte[initial * head.strongLength()];
    }

    /** Returns the complete table, or {@code null} while entries are still missing. */
    public BlockSums decode(ByteBuffer in) {
        int count = head.count();
        int s2 = head.strongLength();
        while (received < count && in.remaining() >= entryLength) {
            if (received == weak.length) {
                int capacity = (int) Math.min(count, Math.max(INITIAL_CAPACITY, 2L * weak.length));
                weak = Arrays.copyOf(weak, capacity);
                strong = Arrays.copyOf(strong, capacity * s2);
            }
            weak[received] = Int32.get(in);
            in.get(strong, received * s2, s2);
            received++;
        }
        if (received < count) {
            return null;
        }
        return new BlockSums(head, weak, strong);
    }

    /** Blocks received so far. */
    public int received() {
        return received;
    }
}
