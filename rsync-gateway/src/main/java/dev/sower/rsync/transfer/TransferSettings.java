package dev.sower.rsync.transfer;

/**
 * What a session negotiated that shapes every file's data stream.
 *
 * @param protocol         the session's protocol version (30 or 31)
 * @param checksumSeed     the seed the server sent after the compat flags
 * @param seedOrder        from CHKSUM_SEED_FIX
 * @param compression      the client's {@code -z} choice
 * @param compressionLevel deflate level (1..9) when compressing
 * @param windowCapacity   bytes of file data held in memory per session
 */
public record TransferSettings(int protocol, int checksumSeed, SeedOrder seedOrder, Compression compression,
        int compressionLevel, int windowCapacity) {

    public TransferSettings {
        if (protocol < 30) {
            throw new IllegalArgumentException("protocol " + protocol + " is not spoken (MD5 sums need 30+)");
        }
        if (compressionLevel < 0 || compressionLevel > 9) {
            throw new IllegalArgumentException("compression level must be 0..9: " + compressionLevel);
        }
        if (windowCapacity < minimumWindow()) {
            throw new IllegalArgumentException("window of " + windowCapacity + " bytes is below " + minimumWindow());
        }
    }

    /** Protocol 31, the given seed and compression, default level and window. */
    public static TransferSettings of(int checksumSeed, Compression compression) {
        return new TransferSettings(31, checksumSeed, SeedOrder.SEED_FIRST, compression, Compression.DEFAULT_LEVEL,
                FileWindow.DEFAULT_CAPACITY);
    }

    /**
     * The longest span the matcher maps at once: two of the largest blocks plus two 32 KiB
     * literal chunks, plus the deflater's 0xFFFF history pieces, with slack.
     */
    static int minimumWindow() {
        return 2 * SumLimits.MAX_BLOCK_SIZE + 4 * PlainTokenEncoder.CHUNK_SIZE + 2;
    }
}
