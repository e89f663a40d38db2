package dev.sower.server.seed;

import dev.sower.dataset.ByteKey;
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
import java.util.HashMap;
import java.util.Map;

/**
 * What each file of one torrent looked like (size, mtime in nanoseconds, inode) when its pieces
 * were last found good: 24 bytes per file in memory, in torrent file order; unknown stamps are
 * zeros. Saved in the state directory per .torrent file name ({@code NAME.torrent.stamps}), so
 * the next release's torrent of the same name finds the stamps of the files it shares with the
 * previous one by path:
 * <pre>
 *   "SOWSTMP2"  magic, 8 bytes
 *   info-hash   20 bytes, of the torrent the stamps were taken for
 *   count       u32, number of files
 *   count x (size i64, mtime-ns i64, inode i64, path-length u16, path bytes), big-endian
 * </pre>
 */
public final class FileStamps {
  private static final byte[] MAGIC = "SOWSTMP2".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
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
    return stateDir.resolve(torrent.source().torrentFile().getFileName() + ".stamps");
  }

  /**
   * Loads the stamps saved for {@code torrent}. Stamps saved for an earlier torrent of the same
   * file name (the previous release) are carried over by path for the files both share. Missing,
   * foreign or damaged state gives all-unknown stamps (then everything is hashed again).
   */
  public static FileStamps load(Path stateDir, SeedTorrent torrent) throws IOException {
    FileTable table = torrent.files();
    int files = table.count();
    FileStamps stamps = new FileStamps(files);
    try (InputStream raw = Files.newInputStream(fileFor(stateDir, torrent));
         DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
      byte[] magic = in.readNBytes(MAGIC.length);
      byte[] hash = in.readNBytes(SeedTorrent.HASH_LENGTH);
      int count = in.readInt();
      if (!Arrays.equals(magic, MAGIC) || count < 0) {
        return stamps;
      }
      boolean same = Arrays.equals(hash, torrent.infoHash()) && count == files;
      Map<ByteKey, long[]> previous = same ? null : new HashMap<>(Math.min(count, 1 << 20) * 2);
      for (int i = 0; i < count; i++) {
        long size = in.readLong();
        long mtime = in.readLong();
        long inode = in.readLong();
        byte[] path = in.readNBytes(in.readUnsignedShort());
        if (same) {
          stamps.set(i, size, mtime, inode);
        } else if (mtime != 0 || inode != 0) {
          previous.put(new ByteKey(path), new long[] {size, mtime, inode});
        }
      }
      if (!same) {
        for (int f = 0; f < files; f++) {
          long[] v = previous.get(new ByteKey(table.path(f)));
          if (v != null) {
            stamps.set(f, v[0], v[1], v[2]);
          }
        }
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
      for (int f = 0; f < count(); f++) {
        out.writeLong(values[f * FIELDS]);
        out.writeLong(values[f * FIELDS + 1]);
        out.writeLong(values[f * FIELDS + 2]);
        byte[] path = torrent.files().path(f);
        out.writeShort(path.length);
        out.write(path);
      }
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
