package dev.sower.torrent.plan;

/**
 * The {@code auto} piece size: the smallest power of two from 16 KiB that keeps a torrent at most
 * 200k pieces; a larger one only when that brings the .torrent within libtorrent's default 10 MB
 * load limit without dropping below 1k pieces. Small pieces keep updates cheap (fewer bytes mixed
 * into a piece with new data); few pieces keep the .torrent small.
 */
public final class PieceSizeRule {
  public static final long MIN_PIECE = 16 * 1024;
  public static final long MAX_PIECE = 64L * 1024 * 1024;
  public static final long MAX_PIECES = 200_000;
  public static final long MIN_PIECES = 1_000;
  /** libtorrent's default {@code max_buffer_size} for loading a .torrent. */
  public static final long TORRENT_SIZE_LIMIT = 10_000_000;

  private PieceSizeRule() {}

  /** The auto piece length for a torrent of {@code payload} bytes whose file list encodes to about {@code fileListBytes}. */
  public static long auto(long payload, long fileListBytes) {
    long smallest = MIN_PIECE;
    while (smallest < MAX_PIECE && pieces(payload, smallest) > MAX_PIECES) {
      smallest *= 2;
    }
    if (estimate(payload, smallest, fileListBytes) <= TORRENT_SIZE_LIMIT) {
      return smallest;
    }
    for (long p = smallest * 2; p <= MAX_PIECE && pieces(payload, p) >= MIN_PIECES; p *= 2) {
      if (estimate(payload, p, fileListBytes) <= TORRENT_SIZE_LIMIT) {
        return p;
      }
    }
    return smallest;
  }

  /** Rough encoded size of one file entry, {@code d6:lengthi...e4:pathl...ee}, for estimates. */
  public static long fileEntryBytes(int pathBytes, int components) {
    return 28 + pathBytes + 3L * components;
  }

  /** Parses a {@code --piece-size}: {@code auto} gives 0; else bytes with optional K/M suffix, a power of two. */
  public static long parse(String s) {
    String t = s.trim().toUpperCase(java.util.Locale.ROOT);
    if (t.equals("AUTO")) {
      return 0;
    }
    long mult = 1;
    if (t.endsWith("KIB") || t.endsWith("K")) {
      mult = 1024;
      t = t.substring(0, t.length() - (t.endsWith("KIB") ? 3 : 1));
    } else if (t.endsWith("MIB") || t.endsWith("M")) {
      mult = 1024 * 1024;
      t = t.substring(0, t.length() - (t.endsWith("MIB") ? 3 : 1));
    }
    long v;
    try {
      v = Long.parseLong(t) * mult;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--piece-size must be auto or a size like 256K, 1M: " + s);
    }
    if (v < MIN_PIECE || v > MAX_PIECE || Long.bitCount(v) != 1) {
      throw new IllegalArgumentException("--piece-size must be a power of two from 16K to 64M: " + s);
    }
    return v;
  }

  static long pieces(long payload, long piece) {
    return (payload + piece - 1) / piece;
  }

  private static long estimate(long payload, long piece, long fileListBytes) {
    return 20 * pieces(payload, piece) + fileListBytes + 200;
  }
}
