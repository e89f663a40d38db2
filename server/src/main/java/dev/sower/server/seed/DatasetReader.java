package dev.sower.server.seed;

import dev.sower.dataset.ByteKey;
import dev.sower.dataset.RawPaths;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Read-only access to the files under the dataset root, shared by every torrent: the one place
 * where a path from a .torrent becomes an open file. Files are opened on demand with
 * {@code NOFOLLOW_LINKS} and kept in a small LRU of open channels; a file's parent directory must
 * resolve (symlinks followed) to the same place inside the root, so no symlink leads out of the
 * dataset. Nothing is ever written.
 */
public final class DatasetReader implements Closeable {
  private final Path root;
  private final Path realRoot;
  private final int maxOpen;
  private final Map<ByteKey, FileChannel> open;
  private final Map<ByteKey, Boolean> confinedDirs = new ConcurrentHashMap<>();
  private final AtomicLong bytesRead = new AtomicLong();
  private final AtomicLong filesOpened = new AtomicLong();

  public DatasetReader(Path root, int maxOpenFiles) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.realRoot = this.root.toRealPath();
    this.maxOpen = maxOpenFiles;
    this.open = new LinkedHashMap<>(64, 0.75f, true);
  }

  public Path root() {
    return root;
  }

  /** The path of {@code relative} under the root, for stat calls (not yet confined). */
  public Path resolve(byte[] relative) {
    return RawPaths.resolve(root, relative);
  }

  /**
   * Reads up to {@code dst.remaining()} bytes of the file at {@code relative} from {@code offset}.
   * Returns the count read, -1 at end of file.
   */
  public int read(byte[] relative, long offset, ByteBuffer dst) throws IOException {
    ByteKey key = new ByteKey(relative);
    for (int attempt = 0; ; attempt++) {
      FileChannel channel = channel(key);
      try {
        int n = channel.read(dst, offset);
        if (n > 0) {
          bytesRead.addAndGet(n);
        }
        return n;
      } catch (ClosedChannelException e) {
        // Evicted by another thread between lookup and read: open it again once.
        if (attempt > 0 || Thread.currentThread().isInterrupted()) {
          throw e;
        }
      }
    }
  }

  /** Reads exactly {@code dst.remaining()} bytes or fails naming the file. */
  public void readFully(byte[] relative, long offset, ByteBuffer dst) throws IOException {
    long at = offset;
    while (dst.hasRemaining()) {
      int n = read(relative, at, dst);
      if (n < 0) {
        throw new IOException("file is shorter than the torrent says: "
            + RawPaths.printable(relative) + " (read up to byte " + at + ")");
      }
      at += n;
    }
  }

  /** Bytes read from the dataset since start. */
  public long bytesRead() {
    return bytesRead.get();
  }

  public long filesOpened() {
    return filesOpened.get();
  }

  private FileChannel channel(ByteKey key) throws IOException {
    synchronized (open) {
      FileChannel channel = open.get(key);
      if (channel != null && channel.isOpen()) {
        return channel;
      }
    }
    FileChannel channel = openConfined(key.bytes());
    synchronized (open) {
      FileChannel raced = open.putIfAbsent(key, channel);
      if (raced != null && raced.isOpen()) {
        channel.close();
        return raced;
      }
      open.put(key, channel);
      if (open.size() > maxOpen) {
        Iterator<FileChannel> eldest = open.values().iterator();
        FileChannel evicted = eldest.next();
        eldest.remove();
        evicted.close();
      }
    }
    return channel;
  }

  private FileChannel openConfined(byte[] relative) throws IOException {
    Path path = RawPaths.resolve(root, relative);
    if (!path.normalize().startsWith(root) || path.normalize().equals(root)) {
      throw new IOException("path leaves the dataset: " + RawPaths.printable(relative));
    }
    int slash = lastSlash(relative);
    if (slash > 0) {
      ByteKey dir = new ByteKey(Arrays.copyOf(relative, slash));
      if (!confinedDirs.containsKey(dir)) {
        Path real = path.getParent().toRealPath();
        Path expected = realRoot.resolve(root.relativize(path.getParent()));
        if (!real.equals(expected)) {
          throw new IOException("directory is reached through a symbolic link: "
              + RawPaths.printable(dir.bytes()));
        }
        if (confinedDirs.size() < 1_000_000) {
          confinedDirs.put(dir, Boolean.TRUE);
        }
      }
    }
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    filesOpened.incrementAndGet();
    return channel;
  }

  private static int lastSlash(byte[] bytes) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == '/') {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    synchronized (open) {
      for (FileChannel channel : open.values()) {
        channel.close();
      }
      open.clear();
    }
  }

}
