package dev.sower.server.bt;

import bt.metainfo.TorrentId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bytes of pieces that have just passed their first-serve check, kept for the block requests
 * that follow (a client asks for a piece's blocks one after another), so a piece served for the
 * first time is read from disk once, not once to hash and again per block. Bounded: a piece leaves
 * once all its bytes have been handed out, and the least recently used pieces leave when more
 * than {@code maxBytes} are held. Arrays are never changed after {@link #put}, so a reader handed
 * one keeps valid bytes after the piece has left.
 */
final class VerifiedPieceCache {
  /** Default bound: 64 MiB, i.e. 64 pieces of 1 MiB or 16 of 4 MiB. */
  static final long DEFAULT_MAX_BYTES = 64L << 20;

  private record Key(TorrentId torrent, int piece) {}

  private static final class Entry {
    final byte[] bytes;
    long handedOut;

    Entry(byte[] bytes) {
      this.bytes = bytes;
    }
  }

  private final long maxBytes;
  private final Map<Key, Entry> pieces = new LinkedHashMap<>(64, 0.75f, true);
  private long held;
  private long hits;
  private long misses;

  VerifiedPieceCache(long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("cache bound must be positive: " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /** Keeps {@code bytes} (exactly the piece, hashed good) for the blocks to come. */
  synchronized void put(TorrentId torrent, int piece, byte[] bytes) {
    if (bytes.length > maxBytes) {
      return;
    }
    Entry old = pieces.put(new Key(torrent, piece), new Entry(bytes));
    held += bytes.length - (old == null ? 0 : old.bytes.length);
    Iterator<Entry> eldest = pieces.values().iterator();
    while (held > maxBytes) {
      held -= eldest.next().bytes.length;
      eldest.remove();
    }
  }

  /**
   * The bytes of the whole piece when it is held and {@code offset..offset+length} lies inside it,
   * else null. Counts the block as handed out; the piece leaves when every byte was.
   */
  /** Whether the piece's bytes are held (counts neither a hit nor a miss). */
  synchronized boolean holds(TorrentId torrent, int piece) {
    return pieces.containsKey(new Key(torrent, piece));
  }

  synchronized byte[] block(TorrentId torrent, int piece, int offset, int length) {
    Key key = new Key(torrent, piece);
    Entry entry = pieces.get(key);
    if (entry == null || offset < 0 || length < 0 || offset > entry.bytes.length - length) {
      misses++;
      return null;
    }
    hits++;
    entry.handedOut += length;
    if (entry.handedOut >= entry.bytes.length) {
      pieces.remove(key);
      held -= entry.bytes.length;
    }
    return entry.bytes;
  }

  /** Forgets every piece of {@code torrent} (it stopped). */
  synchronized void forget(TorrentId torrent) {
    Iterator<Map.Entry<Key, Entry>> it = pieces.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Key, Entry> e = it.next();
      if (e.getKey().torrent().equals(torrent)) {
        held -= e.getValue().bytes.length;
        it.remove();
      }
    }
  }

  synchronized long heldBytes() {
    return held;
  }

  /** Blocks served from held pieces, and blocks that had to be read from disk. */
  synchronized long hits() {
    return hits;
  }

  synchronized long misses() {
    return misses;
  }
}
