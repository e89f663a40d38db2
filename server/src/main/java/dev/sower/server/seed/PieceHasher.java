package dev.sower.server.seed;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Reads one piece of a torrent from the dataset and compares its SHA-1 with the torrent's. */
public final class PieceHasher {
  private static final int BUFFER = 1 << 20;
  private static final ThreadLocal<ByteBuffer> BUFFERS =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BUFFER));
  private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 missing from the JDK", e);
    }
  });

  private final SeedTorrent torrent;
  private final DatasetReader reader;

  public PieceHasher(SeedTorrent torrent, DatasetReader reader) {
    this.torrent = torrent;
    this.reader = reader;
  }

  /** True when the piece's bytes on disk hash to the torrent's value; false if they differ or a
   *  file is missing or short. */
  public boolean matches(int piece) {
    try {
      return torrent.pieceHashEquals(piece, digest(piece));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Reads the whole piece into {@code bytes} (one read per file it touches) and returns whether it
   * hashes to the torrent's value; false if it differs or a file is missing or short. The caller
   * keeps the bytes, e.g. to serve the piece without reading it again.
   */
  public boolean readAndMatch(int piece, byte[] bytes) {
    if (!read(piece, bytes)) {
      return false;
    }
    int size = torrent.pieceSize(piece);
    MessageDigest md = DIGESTS.get();
    md.reset();
    md.update(bytes, 0, size);
    return torrent.pieceHashEquals(piece, md.digest());
  }

  /**
   * Reads the whole piece into {@code bytes} (one read per file it touches), without hashing;
   * false if a file is missing or short.
   */
  public boolean read(int piece, byte[] bytes) {
    int size = torrent.pieceSize(piece);
    if (bytes.length < size) {
      throw new IllegalArgumentException("piece " + piece + " has " + size + " bytes, buffer "
          + bytes.length);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, size);
    FileTable files = torrent.files();
    long at = torrent.pieceStart(piece);
    long end = at + size;
    int file = files.fileAt(at);
    try {
      while (at < end) {
        while (files.size(file) == 0 || files.start(file) + files.size(file) <= at) {
          file++;
        }
        long inFile = at - files.start(file);
        int want = (int) Math.min(end - at, files.size(file) - inFile);
        buffer.limit(buffer.position() + want);
        reader.readFully(pathOf(file), inFile, buffer);
        at += want;
      }
    } catch (IOException e) {
      return false;
    }
    return true;
  }

  /** SHA-1 of the piece as it is on disk. */
  public byte[] digest(int piece) throws IOException {
    MessageDigest md = DIGESTS.get();
    md.reset();
    ByteBuffer buffer = BUFFERS.get();
    FileTable files = torrent.files();
    long at = torrent.pieceStart(piece);
    long end = at + torrent.pieceSize(piece);
    int file = files.fileAt(at);
    while (at < end) {
      while (files.size(file) == 0 || files.start(file) + files.size(file) <= at) {
        file++;
      }
      long inFile = at - files.start(file);
      int want = (int) Math.min(Math.min(end - at, files.size(file) - inFile), BUFFER);
      buffer.clear().limit(want);
      reader.readFully(pathOf(file), inFile, buffer);
      buffer.flip();
      md.update(buffer);
      at += want;
    }
    return md.digest();
  }

  private byte[] lastPath;
  private int lastFile = -1;

  private byte[] pathOf(int file) {
    // A piece usually spans a few files; avoid copying the same path bytes per 1 MiB read.
    if (file != lastFile) {
      lastPath = torrent.files().path(file);
      lastFile = file;
    }
    return lastPath;
  }
}
