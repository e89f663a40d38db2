package dev.sower.server.seed;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One v1 torrent as the seeder holds it: the info-hash, piece hashes and a {@link FileTable}; the
 * info dictionary's bytes stay in the .torrent file ({@link #source()}, read when a peer asks for
 * metadata).
 *
 * @param source the .torrent file, with the position and length of its bencoded info dictionary
 */
public record SeedTorrent(
    String name,
    byte[] infoHash,
    int pieceLength,
    byte[] pieceHashes,
    FileTable files,
    List<String> announceUrls,
    boolean isPrivate,
    InfoSource source) {

  public static final int HASH_LENGTH = 20;

  /** Where the bencoded info dictionary sits in the .torrent file. */
  public record InfoSource(Path torrentFile, long offset, int length) {}

  public SeedTorrent {
    if (infoHash.length != HASH_LENGTH) {
      throw new IllegalArgumentException("info-hash must be 20 bytes");
    }
    if (pieceLength <= 0) {
      throw new IllegalArgumentException("piece length must be positive");
    }
    long expected = (files.totalSize() + pieceLength - 1) / pieceLength;
    if (pieceHashes.length % HASH_LENGTH != 0 || pieceHashes.length / HASH_LENGTH != expected) {
      throw new IllegalArgumentException("torrent has " + pieceHashes.length / HASH_LENGTH
          + " piece hashes for " + expected + " pieces");
    }
    announceUrls = List.copyOf(announceUrls);
  }

  public int pieceCount() {
    return pieceHashes.length / HASH_LENGTH;
  }

  public long totalSize() {
    return files.totalSize();
  }

  public long pieceStart(int piece) {
    return (long) piece * pieceLength;
  }

  public int pieceSize(int piece) {
    return (int) Math.min(pieceLength, totalSize() - pieceStart(piece));
  }

  public byte[] pieceHash(int piece) {
    return Arrays.copyOfRange(pieceHashes, piece * HASH_LENGTH, (piece + 1) * HASH_LENGTH);
  }

  public boolean pieceHashEquals(int piece, byte[] digest) {
    return Arrays.equals(pieceHashes, piece * HASH_LENGTH, (piece + 1) * HASH_LENGTH,
        digest, 0, HASH_LENGTH);
  }

  /** First file that holds bytes of {@code piece}. */
  public int firstFileOf(int piece) {
    return files.fileAt(pieceStart(piece));
  }

  /** Last file that holds bytes of {@code piece}. */
  public int lastFileOf(int piece) {
    return files.fileAt(pieceStart(piece) + pieceSize(piece) - 1);
  }

  public String infoHashHex() {
    return HexFormat.of().formatHex(infoHash);
  }

  @Override
  public String toString() {
    return name + " (" + infoHashHex() + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeedTorrent t && Arrays.equals(infoHash, t.infoHash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(infoHash);
  }
}
