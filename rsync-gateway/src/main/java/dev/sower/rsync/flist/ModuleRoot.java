package dev.sower.rsync.flist;

import dev.sower.dataset.RawPaths;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The module directory and every access below it. Paths are resolved component by
 * component; a component that is a symlink is never followed (the entry itself may be a
 * symlink, which is listed, not followed), "..", absolute paths and NUL bytes are refused.
 */
public final class ModuleRoot {
  /** How files are opened for reading: a symlink as the last component is refused too. */
  static final Set<OpenOption> READ_NO_FOLLOW =
      Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
  private final Path root;
  private final boolean localFileSystems;

  /** The module at {@code root}; whether it is on local file systems is decided now. */
  public ModuleRoot(Path root) throws IOException {
    this(root, null);
  }

  /**
   * The module at {@code root}, taken as on local file systems or not as {@code local} says
   * (null: decided now by {@link LocalFileSystems#below}).
   */
  public ModuleRoot(Path root, Boolean local) throws IOException {
    this.root = root.toRealPath();
    if (!Files.isDirectory(this.root, LinkOption.NOFOLLOW_LINKS)) {
      throw new NotDirectoryException(root.toString());
    }
    this.localFileSystems = local != null ? local : LocalFileSystems.below(this.root);
  }

  public Path path() {
    return root;
  }

  /**
   * Whether the module and every mount below it were on local file systems when it was set up
   * ({@link LocalFileSystems}): only there does a read that returns the bytes asked for, short
   * of the end, tell a file's length.
   */
  public boolean onLocalFileSystems() {
    return localFileSystems;
  }

  /** Thrown when a path would leave the module; carries an errno-style reason. */
  public static final class EscapeException extends FileSystemException {
    private final String reason;

    EscapeException(String file, String reason) {
      super(file, null, reason);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  static void checkRelative(byte[] rel) throws EscapeException {
    // the printable name only when refusing: it costs a decode and a string per path
    if (rel.length > 0 && rel[0] == '/') {
      throw new EscapeException(RawPaths.printable(rel), "absolute path refused");
    }
    for (byte b : rel) {
      if (b == 0) {
        throw new EscapeException(RawPaths.printable(rel), "NUL byte in path refused");
      }
    }
    if (PathSanitizer.hasDotDot(rel)) {
      throw new EscapeException(RawPaths.printable(rel), "\"..\" component refused");
    }
  }

  /**
   * The path of {@code rel} ("" or "." is the root). Every component before the last must be
   * a real directory: a symlink there fails with "Too many levels of symbolic links (40)",
   * as an {@code O_NOFOLLOW} open would.
   */
  public Path resolve(byte[] rel) throws IOException {
    checkRelative(rel);
    Path p = root;
    int start = 0;
    List<byte[]> comps = new ArrayList<>();
    for (int i = 0; i <= rel.length; i++) {
      if (i == rel.length || rel[i] == '/') {
        if (i > start && !(i - start == 1 && rel[start] == '.')) {
          byte[] c = new byte[i - start];
          System.arraycopy(rel, start, c, 0, c.length);
          comps.add(c);
        }
        start = i + 1;
      }
    }
    for (int k = 0; k < comps.size(); k++) {
      p = RawPaths.resolve(p, comps.get(k));
      if (k < comps.size() - 1) {
        // the same lstat as StatReader.lstat, without building the fields only a listing needs
        BasicFileAttributes st = Files.readAttributes(p, BasicFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
        if (st.isSymbolicLink()) {
          throw new EscapeException(RawPaths.printable(rel),
              "Too many levels of symbolic links (40)");
        }
        if (!st.isDirectory()) {
          throw new NotDirectoryException(RawPaths.printable(rel));
        }
      }
    }
    return p;
  }

  /**
   * The file at {@code rel} opened for reading: {@link #resolve}, then an open that refuses a
   * symlink ({@code O_NOFOLLOW}: "Too many levels of symbolic links").
   */
  public FileChannel openForReading(byte[] rel) throws IOException {
    return FileChannel.open(resolve(rel), READ_NO_FOLLOW);
  }

  /** lstat of {@code rel} (symlinks not followed, parents checked as in {@link #resolve}). */
  public PosixStat lstat(byte[] rel) throws IOException {
    return StatReader.lstat(resolve(rel));
  }

  /** lstat of an already-resolved path inside the module. */
  public PosixStat lstat(Path resolved) throws IOException {
    return StatReader.lstat(resolved);
  }

  /** The target bytes of the symlink at {@code resolved}. */
  public byte[] readLink(Path resolved) throws IOException {
    return RawPaths.bytes(Files.readSymbolicLink(resolved));
  }

  /**
   * Lists the names in a directory (not "." or ".."). The directory is opened only after an
   * lstat shows a real directory, so a symlink is never entered.
   */
  public List<byte[]> list(Path dir) throws IOException {
    PosixStat st = StatReader.lstat(dir);
    if (st.isSymlink()) {
      throw new EscapeException(dir.toString(), "Too many levels of symbolic links (40)");
    }
    if (!st.isDir()) {
      throw new NotDirectoryException(dir.toString());
    }
    List<byte[]> names = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path child : ds) {
        names.add(RawPaths.nameBytes(child));
      }
    } catch (NoSuchFileException e) {
      throw e;
    }
    return names;
  }
}
