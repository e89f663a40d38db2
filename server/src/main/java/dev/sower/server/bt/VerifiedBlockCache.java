package dev.sower.server.bt;

import bt.data.DataRange;
import bt.metainfo.TorrentId;
import bt.torrent.TorrentRegistry;
import bt.torrent.data.BlockCache;
import bt.torrent.data.BlockReader;
import com.google.inject.Inject;

/**
 * Bt's block source for outgoing PIECE messages: a block of a piece that was just hashed comes
 * from the {@link VerifiedPieceCache} (a copy from memory); any other block is read from the
 * dataset when Bt writes the message, as Bt's own {@code NoCache} does.
 */
final class VerifiedBlockCache implements BlockCache {
  private final TorrentRegistry registry;
  private final VerifiedPieceCache pieces;

  @Inject
  VerifiedBlockCache(TorrentRegistry registry, VerifiedPieceCache pieces) {
    this.registry = registry;
    this.pieces = pieces;
  }

  @Override
  public BlockReader get(TorrentId torrentId, int pieceIndex, int offset, int length) {
    byte[] piece = pieces.block(torrentId, pieceIndex, offset, length);
    if (piece != null) {
      return buffer -> {
        if (buffer.remaining() < length) {
          return false;
        }
        buffer.put(piece, offset, length);
        return true;
      };
    }
    DataRange block = registry.getDescriptor(torrentId).orElseThrow(
            () -> new IllegalStateException("no torrent " + torrentId))
        .getDataDescriptor().getChunkDescriptors().get(pieceIndex).getData()
        .getSubrange(offset, length);
    return block::getBytes;
  }
}
