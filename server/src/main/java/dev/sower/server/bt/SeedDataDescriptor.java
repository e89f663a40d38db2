package dev.sower.server.bt;

import bt.data.ChunkDescriptor;
import bt.data.DataDescriptor;
import bt.data.DataReader;
import bt.data.LocalBitfield;
import bt.metainfo.TorrentFile;
import dev.sower.server.seed.PreparedTorrent;
import dev.sower.server.seed.SeedTorrent;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.RandomAccess;
import java.util.Set;

/**
 * Bt's data descriptor for a seeded torrent, built in O(pieces) bits: the bitfield comes from the
 * start-up check (no hashing here), chunk descriptors are made on demand, and nothing is kept per
 * file. Pieces withdrawn by the {@link dev.sower.server.seed.ServeGuard} leave the bitfield.
 */
final class SeedDataDescriptor implements DataDescriptor {
  private final CompactTorrent torrent;
  private final DatasetStorage storage;
  private final SeedBitfield bitfield;
  private final List<ChunkDescriptor> chunks;
  private final DataReader reader;

  SeedDataDescriptor(CompactTorrent torrent, DatasetStorage storage, int blockSize,
      DataReader reader) {
    this.torrent = torrent;
    this.storage = storage;
    PreparedTorrent prepared = torrent.prepared();
    SeedTorrent seed = prepared.torrent();
    this.bitfield = new SeedBitfield(seed.pieceCount());
    BitSet verified = prepared.verified();
    for (int p = verified.nextSetBit(0); p >= 0; p = verified.nextSetBit(p + 1)) {
      bitfield.markLocalPieceVerified(p);
    }
    this.chunks = new Chunks(blockSize);
    this.reader = reader;
    prepared.guard().onCorrupt(bitfield::withdraw);
  }

  PreparedTorrent prepared() {
    return torrent.prepared();
  }

  @Override
  public List<ChunkDescriptor> getChunkDescriptors() {
    return chunks;
  }

  @Override
  public LocalBitfield getBitfield() {
    return bitfield;
  }

  @Override
  @Deprecated
  public List<TorrentFile> getFilesForPiece(int pieceIndex) {
    SeedTorrent seed = torrent.seed();
    List<TorrentFile> files = new ArrayList<>(2);
    for (int f = seed.firstFileOf(pieceIndex); f <= seed.lastFileOf(pieceIndex); f++) {
      if (seed.files().size(f) > 0) {
        files.add(torrent.file(f));
      }
    }
    return files;
  }

  @Override
  public BitSet getAllPiecesForFiles(Set<TorrentFile> files) {
    SeedTorrent seed = torrent.seed();
    BitSet pieces = new BitSet(seed.pieceCount());
    for (TorrentFile tf : files) {
      int f = indexOf(tf);
      long size = seed.files().size(f);
      if (size > 0) {
        long start = seed.files().start(f);
        pieces.set((int) (start / seed.pieceLength()),
            (int) ((start + size - 1) / seed.pieceLength()) + 1);
      }
    }
    return pieces;
  }

  @Override
  public BitSet getPiecesWithOnlyFiles(Set<TorrentFile> files) {
    SeedTorrent seed = torrent.seed();
    BitSet pieces = new BitSet(seed.pieceCount());
    if (files.size() >= seed.files().count()) {
      pieces.set(0, seed.pieceCount());
      return pieces;
    }
    outer:
    for (int p = 0; p < seed.pieceCount(); p++) {
      for (int f = seed.firstFileOf(p); f <= seed.lastFileOf(p); f++) {
        if (seed.files().size(f) > 0 && !files.contains(torrent.file(f))) {
          continue outer;
        }
      }
      pieces.set(p);
    }
    return pieces;
  }

  private int indexOf(TorrentFile tf) {
    if (tf instanceof CompactTorrentFile f && f.torrent() == torrent) {
      return f.index();
    }
    throw new IllegalArgumentException("file of another torrent: " + tf);
  }

  @Override
  public DataReader getReader() {
    return reader;
  }

  @Override
  public void waitForAllPieces() {
    // Bt waits here before it starts seeding; a seeder has nothing to wait for (pieces that
    // failed the start-up check are simply not offered).
  }

  @Override
  public boolean startedAsSeed() {
    // A seeder never announces "completed": it did not download anything.
    return true;
  }

  @Override
  public long getLeft() {
    SeedTorrent seed = torrent.seed();
    long left = 0;
    BitSet have = bitfield.getBitmask();
    for (int p = have.nextClearBit(0); p < seed.pieceCount(); p = have.nextClearBit(p + 1)) {
      left += seed.pieceSize(p);
    }
    return left;
  }

  @Override
  public void close() {
    // Files belong to the shared dataset reader.
  }

  @Override
  public String toString() {
    return "SeedDataDescriptor <" + torrent.seed() + ">";
  }

  private final class Chunks extends AbstractList<ChunkDescriptor> implements RandomAccess {
    private final int blockSize;

    Chunks(int blockSize) {
      this.blockSize = blockSize;
    }

    @Override
    public ChunkDescriptor get(int index) {
      if (index < 0 || index >= size()) {
        throw new IndexOutOfBoundsException(index);
      }
      return new PieceChunk(torrent, storage, index, blockSize);
    }

    @Override
    public int size() {
      return torrent.seed().pieceCount();
    }
  }
}
