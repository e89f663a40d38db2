package dev.sower.torrent.hash;

import java.nio.file.Path;
import java.util.List;

/**
 * The pieces of one torrent to hash.
 *
 * @param root dataset directory the file paths are relative to
 * @param files files in payload order with the lengths the torrent gives them
 * @param pieceLength piece length in bytes
 * @param firstPiece pieces before this one are known already and not read
 */
public record HashJob(Path root, List<PayloadFile> files, long pieceLength, int firstPiece) {
  public HashJob {
    files = List.copyOf(files);
    if (pieceLength < 1 || firstPiece < 0) {
      throw new IllegalArgumentException("bad piece length or first piece");
    }
  }

  /**
   * One file of the payload.
   *
   * @param path dataset-relative path bytes
   * @param length bytes the payload takes from it
   */
  public record PayloadFile(byte[] path, long length) {}

  /** Total payload bytes. */
  public long totalLength() {
    long n = 0;
    for (PayloadFile f : files) {
      n += f.length();
    }
    return n;
  }

  /** Number of pieces of the payload. */
  public int pieceCount() {
    long n = (totalLength() + pieceLength - 1) / pieceLength;
    if (n > Integer.MAX_VALUE / 20) {
      throw new IllegalArgumentException("too many pieces: " + n);
    }
    return (int) n;
  }
}
