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
 * root per file.
 *
 * <p>A held directory is used only while its name still leads to it: before each open, every
 * held level below the root is checked from the top, {@code fstatat(parentfd, name,
 * AT_SYMLINK_NOFOLLOW)} against the device and inode the handle had when it was opened. A
 * directory moved out of the module, replaced by another or by a symlink is dropped with the
 * levels under it, and the path is entered again from the last level that still matches. So
 * what is opened is what the path names at the moment of the check, as with
 * {@link ModuleRoot#openForReading}: the window between check and open is the one that way has
 * too. A directory is entered with {@code openat(parentfd, name, O_RDONLY|O_NOFOLLOW)} (the
 * JDK's, without {@code O_DIRECTORY}) after an {@code fstatat} on the same handle shows a real
 * directory: a symlink is never followed, and a FIFO or device found there is never opened; one
 * swapped in between that {@code fstatat} and the {@code openat} would be opened (a FIFO then
 * blocks the session's sending thread until a writer comes). Only someone who can write the
 * module tree can do that.
 *
 * <p>Whatever this way does not open (a missing name, a symlink, a non-directory parent, a parent
 * that may be searched but not read, ...) is opened again by {@link ModuleRoot#openForReading},
 * and its result or exception is the one returned: failures read exactly as they do there.
 * The module root's own handle is not checked against its path: the root is the module.
 * One thread opens at a time; {@link #close()} may come from any thread and never waits.
 */
public final class ModuleFileOpener implements AutoCloseable {
  /**
   * Directories held below the root at most (two descriptors each, the JDK's stream keeps a
   * duplicate): files deeper than this are opened the per-path way, so a session holds at most
   * {@code 2 * (1 + 8) = 18} directory descriptors whatever the tree's depth (the reference
   * layout {@code original/NNNN/ID.ext} needs two levels).
   */
  static final int MAX_HELD_DEPTH = 8;
  private final ModuleRoot root;
  private final ReentrantLock lock = new ReentrantLock();
  /** The held chain, the module root first; each level is named in the one before it. */
  private final List<Level> dirs = new ArrayList<>();
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
      if (k + 1 < dirs.size() && dirs.get(k + 1).named(rel, from, to) && stillNamed(k + 1)) {
        continue;
      }
      closeFrom(k + 1);
      byte[] name = Arrays.copyOfRange(rel, from, to);
      if (!enter(dirs.get(k).dir(), name)) {
        return null;
      }
    }
    closeFrom(count);
    Path leaf = RawPaths.of(Arrays.copyOfRange(rel, bounds[2 * count - 2], bounds[2 * count - 1]));
    try {
      SeekableByteChannel ch = dirs.get(count - 1).dir().newByteChannel(leaf, ModuleRoot.READ_NO_FOLLOW);
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
      Object key = keyOf(sds);
      if (key == null) {
        closeQuietly(sds);
        return false;
      }
      dirs.add(new Level(null, null, sds, key));
      return true;
    }
    secure = false;
    closeQuietly(ds);
    return false;
  }

  /**
   * Whether held level {@code depth} (1 = the first below the root) is still the directory its
   * name leads to in the level above: {@code fstatat(parentfd, name, AT_SYMLINK_NOFOLLOW)} gives
   * the device and inode the handle had when opened.
   */
  private boolean stillNamed(int depth) {
    try {
      Level level = dirs.get(depth);
      BasicFileAttributes st = dirs.get(depth - 1).dir().getFileAttributeView(level.path(),
          BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
      return st.isDirectory() && level.key().equals(st.fileKey());
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Holds the subdirectory {@code name} of {@code dir}, the last held level, as the next level;
   * false (nothing held) when it is not (now) a real directory.
   */
  private boolean enter(SecureDirectoryStream<Path> dir, byte[] name) {
    Path p = RawPaths.of(name);
    SecureDirectoryStream<Path> sub;
    BasicFileAttributes st;
    try {
      // fstatat first: opening a FIFO or a device in place of a directory could block or act
      st = dir.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .readAttributes();
      if (!st.isDirectory()) {
        return false;
      }
      sub = dir.newDirectoryStream(p, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return false;
    }
    // the handle's own fstat: what later checks compare with (and a swap since the fstatat)
    Object key = keyOf(sub);
    if (key == null || !key.equals(st.fileKey())) {
      closeQuietly(sub);
      return false;
    }
    dirs.add(new Level(name, p, sub, key));
    return true;
  }

  /** Device and inode of an open directory ({@code fstat}), or null when it cannot be read. */
  private static Object keyOf(SecureDirectoryStream<Path> dir) {
    try {
      return dir.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /** Closes the held directories from depth {@code depth} (0 = the root) down. */
  private void closeFrom(int depth) {
    while (dirs.size() > depth) {
      closeQuietly(dirs.remove(dirs.size() - 1).dir());
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing a directory handle or an unused channel: nothing to report, nothing held
    }
  }

  /**
   * One held directory: its name in the level above and that name as a path (null for the
   * root), its handle, and its device and inode when opened (the handle's {@code fstat}).
   */
  private record Level(byte[] name, Path path, SecureDirectoryStream<Path> dir, Object key) {
    boolean named(byte[] rel, int from, int to) {
      return Arrays.equals(name, 0, name.length, rel, from, to);
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
