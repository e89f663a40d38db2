package dev.sower.torrent;

import java.util.ArrayList;
import java.util.List;

/** Known limits of BitTorrent clients on loading a .torrent, checked after making one. */
public final class ClientLimits {
  /** libtorrent 2.0 {@code load_torrent_limits::max_buffer_size} default. */
  public static final long LIBTORRENT_MAX_BYTES = 10_000_000;
  /** libtorrent 2.0 {@code load_torrent_limits::max_decode_tokens} default. */
  public static final long LIBTORRENT_MAX_TOKENS = 3_000_000;
  /** libtorrent 2.0 {@code load_torrent_limits::max_pieces} default. */
  public static final long LIBTORRENT_MAX_PIECES = 0x200000;

  private ClientLimits() {}

  /** Warnings for a .torrent of {@code bytes} bytes, {@code tokens} tokens, {@code pieces} pieces. */
  public static List<String> check(long bytes, long tokens, long pieces) {
    List<String> w = new ArrayList<>();
    if (bytes > LIBTORRENT_MAX_BYTES) {
      w.add(".torrent is " + bytes + " bytes, over libtorrent's default limit of "
          + LIBTORRENT_MAX_BYTES + " (raise load_torrent_limits.max_buffer_size)");
    }
    if (tokens > LIBTORRENT_MAX_TOKENS) {
      w.add(".torrent has " + tokens + " bencode tokens, over libtorrent's default limit of "
          + LIBTORRENT_MAX_TOKENS + " (raise load_torrent_limits.max_decode_tokens)");
    }
    if (pieces > LIBTORRENT_MAX_PIECES) {
      w.add(".torrent has " + pieces + " pieces, over libtorrent's default limit of "
          + LIBTORRENT_MAX_PIECES + " (raise load_torrent_limits.max_pieces)");
    }
    return w;
  }
}
