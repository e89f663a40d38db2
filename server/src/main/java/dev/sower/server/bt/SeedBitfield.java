package dev.sower.server.bt;

import bt.data.LocalBitfield;
import bt.metainfo.TorrentFile;

/** The seeder's own bitfield: pieces are set from the start-up check and can be withdrawn when a
 *  piece turns out corrupt at first serve (Bt itself has no way to unset a verified piece). */
final class SeedBitfield extends LocalBitfield {
  SeedBitfield(int pieces) {
    super(pieces, null);
  }

  void withdraw(int piece) {
    validatePieceIndex(piece);
    lock.writeLock().lock();
    try {
      bitmask.clear(piece);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  protected void fileFinishedCallback(TorrentFile tf) {
    // A seeder never completes files.
  }
}
