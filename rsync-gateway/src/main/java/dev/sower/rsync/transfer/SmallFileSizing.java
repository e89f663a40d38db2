package dev.sower.rsync.transfer;

/** How {@link FileSender#sendOpened} learns the length of a small new file. */
public enum SmallFileSizing {
    /**
     * One read of listed size + 1 bytes; exactly the listed size back is the length. Only where
     * a read comes up short at the end of a file alone (local file systems): a short read in
     * the middle of a grown file would otherwise be taken for its end.
     */
    ONE_READ,
    /** {@code channel.size()} (rsync's {@code fstat}) first, always. */
    FSTAT
}
