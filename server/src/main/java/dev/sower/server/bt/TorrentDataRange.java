package dev.sower.server.bt;

import bt.data.DataRange;
import bt.data.DataRangeVisitor;
import bt.data.StorageUnit;
import bt.net.buffer.ByteBufferView;
import dev.sower.server.seed.FileTable;
import dev.sower.server.seed.SeedTorrent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/** A byte range of a torrent's data, read across file boundaries straight from the dataset. */
final class TorrentDataRange implements DataRange {
  private final CompactTorrent torrent;
  private final DatasetStorage storage;
  private final long offset;
  private final long length;

  TorrentDataRange(CompactTorrent torrent, DatasetStorage storage, long offset, long length) {
    if (offset < 0 || length < 0 || offset + length > torrent.getSize()) {
      throw new IllegalArgumentException("range " + offset + "+" + length + " outside the torrent");
    }
    this.torrent = torrent;
    this.storage = storage;
    this.offset = offset;
    this.length = length;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public DataRange getSubrange(long off, long len) {
    if (off < 0 || len < 0 || off + len > length) {
      throw new IllegalArgumentException("subrange " + off + "+" + len + " of " + length);
    }
    return new TorrentDataRange(torrent, storage, offset + off, len);
  }

  @Override
  public DataRange getSubrange(long off) {
    return getSubrange(off, length - off);
  }

  @Override
  public byte[] getBytes() {
    if (length > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("range too large for an array: " + length);
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) length);
    getBytes(buffer);
    return buffer.array();
  }

  @Override
  public boolean getBytes(ByteBuffer buffer) {
    if (buffer.remaining() < length) {
      return false;
    }
    SeedTorrent seed = torrent.seed();
    FileTable files = seed.files();
    long at = offset;
    long end = offset + length;
    int file = length == 0 ? 0 : files.fileAt(at);
    int limit = buffer.limit();
    try {
      while (at < end) {
        while (files.start(file) + files.size(file) <= at) {
          file++;
        }
        long inFile = at - files.start(file);
        int n = (int) Math.min(end - at, files.size(file) - inFile);
        buffer.limit(buffer.position() + n);
        storage.reader().readFully(files.path(file), inFile, buffer);
        at += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      buffer.limit(limit);
    }
    return true;
  }

  @Override
  public void putBytes(byte[] block) {
    throw new UnsupportedOperationException("the dataset is read-only");
  }

  @Override
  public void putBytes(ByteBufferView buffer) {
    throw new UnsupportedOperationException("the dataset is read-only");
  }

  @Override
  public void visitUnits(DataRangeVisitor visitor) {
    if (length == 0) {
      return;
    }
    FileTable files = torrent.seed().files();
    long end = offset + length;
    for (int file = files.fileAt(offset); file < files.count() && files.start(file) < end;
        file++) {
      long size = files.size(file);
      if (size == 0) {
        continue;
      }
      long from = Math.max(offset, files.start(file)) - files.start(file);
      long to = Math.min(end, files.start(file) + size) - files.start(file);
      StorageUnit unit = storage.getUnit(torrent, torrent.file(file));
      if (!visitor.visitUnit(unit, from, to)) {
        return;
      }
    }
  }
}
