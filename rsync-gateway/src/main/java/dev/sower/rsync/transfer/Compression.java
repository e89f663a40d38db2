package dev.sower.rsync.transfer;

/**
 * The token-stream compressions of this dialect (rsync's CPRES_* in compat.c).
 */
public enum Compression {
    /** No {@code -z}: {@link PlainTokenEncoder}. */
    NONE,
    /** {@code -z} ("zlib"): deflate, matched block data fed into the compressor's history. */
    ZLIB,
    /** {@code -zz} / {@code --new-compress} ("zlibx"): deflate without feeding matched data. */
    ZLIBX;

    /** zlib's default level, which rsync uses when the client names none. */
    public static final int DEFAULT_LEVEL = 6;
}
