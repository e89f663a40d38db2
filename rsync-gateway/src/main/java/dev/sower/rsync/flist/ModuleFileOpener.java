package dev.sower.rsync.flist;

import dev.sower.dataset.RawPaths;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Opens the module's files for reading, one after another in file-list order, through held
 * directory handles. The directories of the last file opened, from the module root down, stay
 * open ({@link SecureDirectoryStream}), so the next file of the same directory costs one
 * {@code openat(dirfd, name, O_NOFOLLOW)}: no {@code lstat} of each parent and no walk from the
 * root per file. A directory is entered with {@code openat(parentfd, name, O_NOFOLLOW)} after an
 * {@code fstatat} on the same handle shows a real directory, so a directory swapped for a symlink
 * is never followed, not even between the check and the open; a held handle stays pinned to the
 * directory it opened.
 *
 * <p>Whatever this way does not open (a missing name, a symlink, a non-directory parent, a parent
 * that may be searched but not read, ...) is opened again by {@link ModuleRoot#openForReading},
 * and its result or exception is the one returned: failures read exactly as they do there.
 * One thread opens at a time; {@link #close()} may come from any thread and never waits.
 */
public final class ModuleFileOpener implements AutoCloseable {
  /**
   * Directories held below the root at most (two descriptors each, the JDK's stream keeps a
   * duplicate): files deeper than this are opened the per-path way, so a session holds a few
   * dozen descriptors whatever the tree's depth.
   */
  static final int MAX_HELD_DEPTH = 16;
  private final ModuleRoot root;
  private final ReentrantLock lock = new ReentrantLock();
  /** The held chain: {@code names.get(i)} is the name of {@code dirs.get(i + 1)} in {@code dirs.get(i)}. */
  private final List<byte[]> names = new ArrayList<>();
  private final List<SecureDirectoryStream<Path>> dirs = new ArrayList<>();
  /** False once the root turned out not to give a {@link SecureDirectoryStream}. */
  private boolean secure = true;
  private volatile boolean closed;

  /** An open after {@link #close()}: the session has ended, nothing was looked up. */
  public static final class ClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    ClosedException() {
      super("the session has ended");
    }
  }

  public ModuleFileOpener(ModuleRoot root) {
    this.root = root;
  }

  /**
   * The file at {@code rel} inside the module, opened for reading without following a symlink
   * anywhere on the way; the same checks and exceptions as {@link ModuleRoot#openForReading}.
   */
  public FileChannel open(byte[] rel) throws IOException {
    lock.lock();
    try {
      if (closed) {
        throw new ClosedException();
      }
      FileChannel ch = openHeld(rel);
      return ch != null ? ch : root.openForReading(rel);
    } finally {
      lock.unlock();
      if (closed) {
        releaseIfIdle();
      }
    }
  }

  /** Closes the held directories (now, or at the end of an open in progress); opens then fail. */
  @Override
  public void close() {
    closed = true;
    releaseIfIdle();
  }

  /** How many directories are held, the module root included (for tests). */
  int held() {
    lock.lock();
    try {
      return dirs.size();
    } finally {
      lock.unlock();
    }
  }

  private void releaseIfIdle() {
    if (lock.tryLock()) {
      try {
        closeFrom(0);
      } finally {
        lock.unlock();
      }
    }
  }

  /** The file through the held chain, or null where {@link ModuleRoot#openForReading} decides. */
  private FileChannel openHeld(byte[] rel) throws IOException {
    ModuleRoot.checkRelative(rel);
    int[] bounds = components(rel);
    int count = bounds.length / 2;
    if (count == 0 || count - 1 > MAX_HELD_DEPTH || !holdRoot()) {
      return null;
    }
    for (int k = 0; k < count - 1; k++) {
      int from = bounds[2 * k];
      int to = bounds[2 * k + 1];
      if (k + 1 < dirs.size() && Arrays.equals(names.get(k), 0, names.get(k).length, rel, from, to)) {
        continue;
      }
      closeFrom(k + 1);
      byte[] name = Arrays.copyOfRange(rel, from, to);
      SecureDirectoryStream<Path> sub = enter(dirs.get(k), name);
      if (sub == null) {
        return null;
      }
      names.add(name);
      dirs.add(sub);
    }
    closeFrom(count);
    Path leaf = RawPaths.of(Arrays.copyOfRange(rel, bounds[2 * count - 2], bounds[2 * count - 1]));
    try {
      SeekableByteChannel ch = dirs.get(count - 1).newByteChannel(leaf, ModuleRoot.READ_NO_FOLLOW);
      if (ch instanceof FileChannel fc) {
        return fc;
      }
      secure = false;
      closeQuietly(ch);
      closeFrom(0);
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  private boolean holdRoot() {
    if (!dirs.isEmpty()) {
      return true;
    }
    if (!secure) {
      return false;
    }
    DirectoryStream<Path> ds;
    try {
      ds = Files.newDirectoryStream(root.path());
    } catch (IOException e) {
      return false;
    }
    if (ds instanceof SecureDirectoryStream<Path> sds) {
      dirs.add(sds);
      return true;
    }
    secure = false;
    closeQuietly(ds);
    return false;
  }

  /** The subdirectory {@code name} of {@code dir}, or null when it is not (now) a real directory. */
  private static SecureDirectoryStream<Path> enter(SecureDirectoryStream<Path> dir, byte[] name) {
    Path p = RawPaths.of(name);
    try {
      // fstatat first: opening a FIFO or a device in place of a directory could block or act
      BasicFileAttributes st = dir.getFileAttributeView(p, BasicFileAttributeView.class,
          LinkOption.NOFOLLOW_LINKS).readAttributes();
      if (!st.isDirectory()) {
        return null;
      }
      return dir.newDirectoryStream(p, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return null;
    }
  }

  /** Closes the held directories from depth {@code depth} (0 = the root) down. */
  private void closeFrom(int depth) {
    while (dirs.size() > depth) {
      int last = dirs.size() - 1;
      closeQuietly(dirs.remove(last));
      if (last > 0) {
        names.remove(last - 1);
      }
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing a directory handle or an unused channel: nothing to report, nothing held
    }
  }

  /** Start and end offsets of each component of {@code rel}, "" and "." left out. */
  private static int[] components(byte[] rel) {
    int[] out = new int[8];
    int n = 0;
    int start = 0;
    for (int i = 0; i <= rel.length; i++) {
      if (i == rel.length || rel[i] == '/') {
        if (i > start && !(i - start == 1 && rel[start] == '.')) {
          if (n + 2 > out.length) {
            out = Arrays.copyOf(out, out.length * 2);
          }
          out[n++] = start;
          out[n++] = i;
        }
        start = i + 1;
      }
    }
    return Arrays.copyOf(out, n);
  }
}
