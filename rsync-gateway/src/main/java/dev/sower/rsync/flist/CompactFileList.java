package dev.sower.rsync.flist;

import java.util.ArrayList;
import java.util.List;

/**
 * A sorted file list kept as its wire encoding plus a decoder checkpoint every
 * {@value #STRIDE} entries, so a cached listing of millions of files costs about as much
 * memory as the bytes sent for it. Entries are decoded on demand.
 */
public final class CompactFileList implements FileList {
  static final int STRIDE = 64;

  private final ListFormat format;
  private final byte[] raw;
  private final int size;
  private final int[] offsets;
  private final FileListDecoder.State[] states;
  private final byte[][] roots;
  private final short[] rootOfEntry;

  private CompactFileList(ListFormat format, byte[] raw, int size, int[] offsets,
      FileListDecoder.State[] states, byte[][] roots, short[] rootOfEntry) {
    this.format = format;
    this.raw = raw;
    this.size = size;
    this.offsets = offsets;
    this.states = states;
    this.roots = roots;
    this.rootOfEntry = rootOfEntry;
  }

  /**
   * Indexes {@code raw} (entries then end marker, as encoded from {@code sorted}); the roots
   * of the entries are taken from {@code sorted}.
   */
  static CompactFileList index(ListFormat format, byte[] raw, List<FileEntry> sorted) {
    int n = sorted.size();
    int[] offsets = new int[(n + STRIDE - 1) / STRIDE];
    FileListDecoder.State[] states = new FileListDecoder.State[offsets.length];
    FileListDecoder d = new FileListDecoder(format, raw, 0, FileListDecoder.State.INITIAL);
    for (int i = 0; i < n; i++) {
      if (i % STRIDE == 0) {
        offsets[i / STRIDE] = d.position();
        states[i / STRIDE] = i == 0 ? FileListDecoder.State.INITIAL : d.state();
      }
      d.next(null, sorted::get);
    }
    List<byte[]> roots = new ArrayList<>();
    short[] rootOf = null;
    for (int i = 0; i < n; i++) {
      byte[] r = sorted.get(i).rootInModule();
      int k = indexOf(roots, r);
      if (k < 0) {
        if (roots.size() == Short.MAX_VALUE) {
          throw new IllegalStateException("too many source directories in one list");
        }
        roots.add(r);
        k = roots.size() - 1;
      }
      if (k > 0 && rootOf == null) {
        rootOf = new short[n];
      }
      if (rootOf != null) {
        rootOf[i] = (short) k;
      }
    }
    return new CompactFileList(format, raw, n, offsets, states, roots.toArray(new byte[0][]),
        rootOf);
  }

  private static int indexOf(List<byte[]> roots, byte[] r) {
    for (int i = 0; i < roots.size(); i++) {
      if (roots.get(i) == r || java.util.Arrays.equals(roots.get(i), r)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public void forEach(java.util.function.Consumer<FileEntry> action) {
    FileListDecoder d = new FileListDecoder(format, raw, 0, FileListDecoder.State.INITIAL);
    java.util.Map<Integer, FileEntry> firsts = new java.util.HashMap<>();
    for (int i = 0; i < size; i++) {
      FileEntry e = withRoot(d.next(null, firsts::get), i);
      if (e.linkDev() == -2) {
        firsts.put(i, e);
      }
      action.accept(e);
    }
  }

  private FileEntry withRoot(FileEntry e, int ndx) {
    byte[] root = roots.length == 0 ? new byte[0] : roots[rootOfEntry == null ? 0
        : rootOfEntry[ndx]];
    return new FileEntry(e.name(), root, e.mode(), e.size(), e.mtime(), e.mtimeNsec(), e.uid(),
        e.gid(), e.rdevMajor(), e.rdevMinor(), e.linkTarget(), e.md5(), e.flags(), e.linkDev(),
        e.linkIno(), e.atime());
  }

  @Override
  public FileEntry get(int ndx) {
    if (ndx < 0 || ndx >= size) {
      throw new IndexOutOfBoundsException("file index " + ndx + " of " + size);
    }
    int c = ndx / STRIDE;
    FileListDecoder d = new FileListDecoder(format, raw, offsets[c], states[c]);
    FileEntry e = null;
    for (int i = c * STRIDE; i <= ndx; i++) {
      e = d.next(null, this::get);
    }
    return withRoot(e, ndx);
  }
}
