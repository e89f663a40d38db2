package dev.sower.rsync.transfer;

/**
 * Where the 4-byte checksum seed goes in a block's MD5 (checksum.c {@code get_checksum2}).
 * With the compat flag CHKSUM_SEED_FIX ({@code proper_seed_order}) the seed is hashed before
 * the block; without it, after. A seed of 0 adds no bytes in either order.
 */
public enum SeedOrder {
    /** CHKSUM_SEED_FIX negotiated: MD5(seed, block). */
    SEED_FIRST,
    /** Legacy order: MD5(block, seed). */
    SEED_LAST;

    /** The order implied by the negotiated compat flags. */
    public static SeedOrder forSeedFix(boolean chksumSeedFix) {
        return chksumSeedFix ? SEED_FIRST : SEED_LAST;
    }
}
