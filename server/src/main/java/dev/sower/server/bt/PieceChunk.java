package dev.sower.server.bt;

import bt.data.ChunkDescriptor;
import bt.data.DataRange;

/**
 * One piece, made when Bt asks for it. A seeder holds every block of every piece, so block
 * presence is always "present"; whether the piece may be sent is the bitfield's business.
 */
final class PieceChunk implements ChunkDescriptor {
  private final CompactTorrent torrent;
  private final DatasetStorage storage;
  private final int piece;
  private final int blockSize;

  PieceChunk(CompactTorrent torrent, DatasetStorage storage, int piece, int blockSize) {
    this.torrent = torrent;
    this.storage = storage;
    this.piece = piece;
    this.blockSize = blockSize;
  }

  @Override
  public byte[] getChecksum() {
    return torrent.seed().pieceHash(piece);
  }

  @Override
  public DataRange getData() {
    return new TorrentDataRange(torrent, storage, torrent.seed().pieceStart(piece), length());
  }

  @Override
  public int blockCount() {
    return (int) ((length() + blockSize - 1) / blockSize);
  }

  @Override
  public long length() {
    return torrent.seed().pieceSize(piece);
  }

  @Override
  public long blockSize() {
    return Math.min(blockSize, length());
  }

  @Override
  public long lastBlockSize() {
    long rest = length() % blockSize;
    return rest == 0 ? blockSize() : rest;
  }

  @Override
  public boolean isPresent(int blockIndex) {
    if (blockIndex < 0 || blockIndex >= blockCount()) {
      throw new IllegalArgumentException("block " + blockIndex + " outside 0.." + blockCount());
    }
    return true;
  }

  @Override
  public boolean isComplete() {
    return true;
  }

  @Override
  public boolean isEmpty() {
    return false;
  }

  @Override
  public void clear() {
    // The data is the dataset's; nothing to forget.
  }
}
