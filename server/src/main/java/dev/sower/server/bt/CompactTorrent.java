package dev.sower.server.bt;

import bt.metainfo.Torrent;
import bt.metainfo.TorrentFile;
import bt.metainfo.TorrentId;
import bt.metainfo.TorrentSource;
import bt.tracker.AnnounceKey;
import dev.sower.server.seed.PreparedTorrent;
import dev.sower.server.seed.SeedTorrent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * Bt's view of a {@link SeedTorrent}: files and piece hashes are served from the compact arrays
 * on demand (one small object per file only while Bt iterates), and the info dictionary's bytes
 * for metadata exchange are read from the .torrent file when first asked for and kept softly.
 */
final class CompactTorrent implements Torrent {
  private final PreparedTorrent prepared;
  private final SeedTorrent seed;
  private final TorrentId id;
  private final Optional<AnnounceKey> announceKey;
  private final List<TorrentFile> files;
  private volatile SoftReference<byte[]> info = new SoftReference<>(null);

  CompactTorrent(PreparedTorrent prepared, List<String> announceUrls) {
    this.prepared = prepared;
    this.seed = prepared.torrent();
    this.id = TorrentId.fromBytes(seed.infoHash());
    // Bt announces start/stop to this key; BtSeeder adds the other trackers as extra sources.
    this.announceKey = announceUrls.isEmpty() ? Optional.empty()
        : Optional.of(new AnnounceKey(announceUrls.get(0)));
    this.files = new Files();
  }

  PreparedTorrent prepared() {
    return prepared;
  }

  SeedTorrent seed() {
    return seed;
  }

  CompactTorrentFile file(int index) {
    return new CompactTorrentFile(this, index);
  }

  @Override
  public TorrentSource getSource() {
    return new TorrentSource() {
      @Override
      public Optional<byte[]> getMetadata() {
        return Optional.empty();
      }

      @Override
      public byte[] getExchangedMetadata() {
        return infoBytes();
      }
    };
  }

  private byte[] infoBytes() {
    byte[] bytes = info.get();
    if (bytes == null) {
      SeedTorrent.InfoSource source = seed.source();
      bytes = new byte[source.length()];
      try (FileChannel ch = FileChannel.open(source.torrentFile(), StandardOpenOption.READ)) {
        ByteBuffer dst = ByteBuffer.wrap(bytes);
        while (dst.hasRemaining()) {
          if (ch.read(dst, source.offset() + dst.position()) < 0) {
            throw new IOException("torrent file shrank: " + source.torrentFile());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      info = new SoftReference<>(bytes);
    }
    return bytes;
  }

  @Override
  public Optional<AnnounceKey> getAnnounceKey() {
    return announceKey;
  }

  @Override
  public TorrentId getTorrentId() {
    return id;
  }

  @Override
  public String getName() {
    return seed.name();
  }

  @Override
  public long getChunkSize() {
    return seed.pieceLength();
  }

  @Override
  public Iterable<byte[]> getChunkHashes() {
    return () -> new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < seed.pieceCount();
      }

      @Override
      public byte[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return seed.pieceHash(next++);
      }
    };
  }

  @Override
  public long getSize() {
    return seed.totalSize();
  }

  @Override
  public List<TorrentFile> getFiles() {
    return files;
  }

  @Override
  public boolean isPrivate() {
    return seed.isPrivate();
  }

  @Override
  public Optional<Instant> getCreationDate() {
    return Optional.empty();
  }

  @Override
  public Optional<String> getCreatedBy() {
    return Optional.empty();
  }

  private final class Files extends AbstractList<TorrentFile> implements RandomAccess {
    @Override
    public TorrentFile get(int index) {
      if (index < 0 || index >= size()) {
        throw new IndexOutOfBoundsException(index);
      }
      return file(index);
    }

    @Override
    public int size() {
      return seed.files().count();
    }
  }
}
