package dev.sower.server.seed;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * What each file of one torrent looked like (size, mtime in nanoseconds, inode) when its pieces
 * were last found good: 24 bytes per file, in torrent file order. A file whose stamp is unknown
 * holds zeros. Saved per torrent in the state directory as {@code <info-hash>.stamps}:
 * <pre>
 *   "SOWSTMP1"  magic, 8 bytes
 *   info-hash   20 bytes
 *   count       u32, number of files
 *   count x (size i64, mtime-ns i64, inode i64), big-endian
 * </pre>
 */
public final class FileStamps {
  private static final byte[] MAGIC = "SOWSTMP1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int FIELDS = 3;

  private final long[] values;

  public FileStamps(int files) {
    this.values = new long[files * FIELDS];
  }

  public int count() {
    return values.length / FIELDS;
  }

  public void set(int file, long size, long mtimeNanos, long inode) {
    values[file * FIELDS] = size;
    values[file * FIELDS + 1] = mtimeNanos;
    values[file * FIELDS + 2] = inode;
  }

  public void clear(int file) {
    Arrays.fill(values, file * FIELDS, file * FIELDS + FIELDS, 0L);
  }

  public long size(int file) {
    return values[file * FIELDS];
  }

  public boolean known(int file) {
    return values[file * FIELDS + 1] != 0 || values[file * FIELDS + 2] != 0;
  }

  /** True when {@code file} has a known stamp equal to {@code other}'s. */
  public boolean sameAs(int file, FileStamps other) {
    int i = file * FIELDS;
    return known(file) && values[i] == other.values[i] && values[i + 1] == other.values[i + 1]
        && values[i + 2] == other.values[i + 2];
  }

  public void copyFrom(int file, FileStamps other) {
    System.arraycopy(other.values, file * FIELDS, values, file * FIELDS, FIELDS);
  }

  public static Path fileFor(Path stateDir, SeedTorrent torrent) {
    return stateDir.resolve(torrent.infoHashHex() + ".stamps");
  }

  /**
   * Loads the stamps saved for {@code torrent}, or all-unknown stamps when there are none or the
   * file belongs to another torrent or is damaged (then everything is verified again).
   */
  public static FileStamps load(Path stateDir, SeedTorrent torrent) throws IOException {
    int files = torrent.files().count();
    FileStamps stamps = new FileStamps(files);
    try (InputStream raw = Files.newInputStream(fileFor(stateDir, torrent));
         DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
      byte[] magic = in.readNBytes(MAGIC.length);
      byte[] hash = in.readNBytes(SeedTorrent.HASH_LENGTH);
      int count = in.readInt();
      if (!Arrays.equals(magic, MAGIC) || !Arrays.equals(hash, torrent.infoHash())
          || count != files) {
        return new FileStamps(files);
      }
      for (int i = 0; i < stamps.values.length; i++) {
        stamps.values[i] = in.readLong();
      }
      return stamps;
    } catch (NoSuchFileException | EOFException e) {
      return new FileStamps(files);
    }
  }

  /** Saves atomically (temporary file, then rename). */
  public void save(Path stateDir, SeedTorrent torrent) throws IOException {
    Files.createDirectories(stateDir);
    Path target = fileFor(stateDir, torrent);
    Path temp = stateDir.resolve(target.getFileName() + ".tmp");
    try (OutputStream raw = Files.newOutputStream(temp);
         DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
      out.write(MAGIC);
      out.write(torrent.infoHash());
      out.writeInt(count());
      for (long v : values) {
        out.writeLong(v);
      }
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
