package dev.sower.torrent.hash;

import java.util.BitSet;
import java.util.List;

/**
 * Piece hashes of one {@link HashJob}.
 *
 * @param pieces 20 bytes per piece, concatenated; zeros for pieces before the job's first piece and
 *     for pieces that could not be read
 * @param unreadable pieces some byte of which could not be read (tolerant mode only)
 * @param problems one line per file that could not be read fully (tolerant mode only)
 */
public record HashResult(byte[] pieces, BitSet unreadable, List<String> problems) {}
