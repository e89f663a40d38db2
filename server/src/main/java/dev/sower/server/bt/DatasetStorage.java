package dev.sower.server.bt;

import bt.data.Storage;
import bt.data.StorageUnit;
import bt.metainfo.Torrent;
import bt.metainfo.TorrentFile;
import bt.net.buffer.ByteBufferView;
import dev.sower.dataset.RawPaths;
import dev.sower.server.seed.DatasetReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Bt's storage over the dataset, read-only: units read through the shared {@link DatasetReader}
 * (files opened on demand, confined to the dataset root) and refuse every write.
 */
final class DatasetStorage implements Storage {
  private final DatasetReader reader;

  DatasetStorage(DatasetReader reader) {
    this.reader = reader;
  }

  DatasetReader reader() {
    return reader;
  }

  @Override
  public StorageUnit getUnit(Torrent torrent, TorrentFile torrentFile) {
    if (!(torrentFile instanceof CompactTorrentFile file)) {
      throw new IllegalArgumentException("not a Sower torrent file: " + torrentFile);
    }
    return new Unit(file.pathBytes(), file.getSize());
  }

  @Override
  public void flush() {
    // Nothing is ever written.
  }

  private final class Unit implements StorageUnit {
    private final byte[] path;
    private final long capacity;

    Unit(byte[] path, long capacity) {
      this.path = path;
      this.capacity = capacity;
    }

    @Override
    public int readBlock(ByteBuffer buffer, long offset) {
      if (offset < 0 || offset > capacity - buffer.remaining()) {
        throw new IllegalArgumentException("read of " + buffer.remaining() + " bytes at " + offset
            + " outside a file of " + capacity + " bytes");
      }
      try {
        return reader.read(path, offset, buffer);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public int writeBlock(ByteBuffer buffer, long offset) {
      throw readOnly();
    }

    @Override
    public int writeBlock(ByteBufferView buffer, long offset) {
      throw readOnly();
    }

    @Override
    public boolean createEmpty() {
      throw readOnly();
    }

    private UnsupportedOperationException readOnly() {
      return new UnsupportedOperationException("the dataset is read-only: "
          + RawPaths.printable(path));
    }

    @Override
    public long capacity() {
      return capacity;
    }

    @Override
    public long size() {
      return capacity;
    }

    @Override
    public void close() {
      // Channels belong to the shared reader's cache.
    }
  }
}
