package dev.sower.rsync.flist;

import dev.sower.dataset.RawPaths;
import dev.sower.rsync.filter.ClientFilter;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the sender's file list from source arguments or --files-from names, the way flist.c
 * {@code send_file_list} does for a daemon without incremental recursion: trailing-slash and
 * "." semantics, -R with implied parent directories (flagged, as protocol >= 30 always
 * sends them), -d and -r, module and client filter rules. Never follows a symlink.
 * Runs on a worker thread; it blocks on the file system.
 */
public final class FileListBuilder {
  /** rsync's IOERR_GENERAL. */
  public static final int IOERR_GENERAL = 1;

  private static final byte[] DOT = {'.'};
  /** Largest per-directory merge file read. */
  static final int MAX_MERGE_FILE = 1 << 20;
  private static final byte[] EMPTY = {};

  private enum NameType { NORMAL, DOTDIR, SLASH_ENDING }

  private final ModuleRoot root;
  private final ListRequest req;
  private final ListDiagnostics diag;
  private final List<FileEntry> entries = new ArrayList<>();
  private int ioError;
  private boolean maybeDuplicates;
  private boolean impliedDotSent;

  public FileListBuilder(ModuleRoot root, ListRequest req, ListDiagnostics diag) {
    this.root = root;
    this.req = req;
    this.diag = diag;
  }

  private boolean xferDirs() {
    return req.xferDirs() || req.recurse();
  }

  private static byte[] join(byte[] dir, byte[] name) {
    if (dir.length == 0 || (dir.length == 1 && dir[0] == '.')) {
      return name;
    }
    byte[] out = new byte[dir.length + 1 + name.length];
    System.arraycopy(dir, 0, out, 0, dir.length);
    out[dir.length] = '/';
    System.arraycopy(name, 0, out, dir.length + 1, name.length);
    return out;
  }

  private static boolean endsWith(byte[] b, char c) {
    return b.length > 0 && b[b.length - 1] == c;
  }

  private static int lastIndexOf(byte[] b, char c) {
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private String fullName(byte[] pathInModule) {
    return "\"/" + RawPaths.printable(pathInModule) + "\" (in " + req.moduleName() + ")";
  }

  private static String errnoText(IOException e) {
    if (e instanceof ModuleRoot.EscapeException x) {
      return x.reason();
    }
    if (e instanceof NoSuchFileException) {
      return "No such file or directory (2)";
    }
    if (e instanceof NotDirectoryException) {
      return "Not a directory (20)";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "Permission denied (13)";
    }
    String r = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
    return r == null ? e.getClass().getSimpleName() : r;
  }

  private void xferError(String what, byte[] pathInModule, IOException e) {
    ioError |= IOERR_GENERAL;
    diag.transferError("rsync: [sender] " + what + " " + fullName(pathInModule) + " failed: "
        + errnoText(e) + "\n");
  }

  private boolean moduleExcludes(byte[] rootInModule, byte[] name, boolean isDir) {
    return req.moduleRules().excludes(name, isDir, rootInModule);
  }

  private boolean clientExcludes(ClientFilter.Scope scope, byte[] rootInModule, byte[] name,
      boolean isDir) {
    return req.clientRules().excludes(scope, name, isDir, rootInModule);
  }

  /** Reads per-directory merge files: regular files only, never through a symlink. */
  private Optional<byte[]> readMergeFile(byte[] pathInModule) {
    if (req.moduleRules().excludes(pathInModule, false, EMPTY)) {
      return Optional.empty();
    }
    try {
      Path p = root.resolve(pathInModule);
      PosixStat st = root.lstat(p);
      if (!st.isRegular()) {
        return Optional.empty();
      }
      if (st.size() > MAX_MERGE_FILE) {
        diag.transferError("rsync: [sender] per-directory merge file " + fullName(pathInModule)
            + " is larger than " + MAX_MERGE_FILE + " bytes; ignored\n");
        return Optional.empty();
      }
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(p,
          java.nio.file.StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) st.size());
        while (b.hasRemaining() && ch.read(b) >= 0) {
          // read the whole (small) file
        }
        return Optional.of(Arrays.copyOf(b.array(), b.position()));
      }
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private ClientFilter.Scope enterScope(ClientFilter.Scope parent, byte[] dirInModule) {
    if (!req.clientRules().hasMergeRules()) {
      return parent;
    }
    List<String> errors = new ArrayList<>();
    ClientFilter.Scope s = req.clientRules().enter(parent, dirInModule, this::readMergeFile,
        errors);
    report(errors);
    return s;
  }

  private void report(List<String> errors) {
    for (String e : errors) {
      ioError |= IOERR_GENERAL;
      diag.transferError("rsync: [sender] " + e + "\n");
    }
  }

  /** The merge-rule scope for listing the contents of {@code fn} (an argument) in {@code dir}. */
  private ClientFilter.Scope scopeForContents(byte[] dir, byte[] fn) {
    ClientFilter f = req.clientRules();
    if (!f.hasMergeRules()) {
      return f.emptyScope();
    }
    boolean dot = fn.length == 1 && fn[0] == '.';
    List<String> errors = new ArrayList<>();
    ClientFilter.Scope s;
    if (!req.relative() || dot) {
      s = f.firstScope(dot ? dir : join(dir, fn), this::readMergeFile, errors);
    } else {
      int first = indexOfByte(fn, '/');
      byte[] firstDir = first < 0 ? fn : Arrays.copyOf(fn, first);
      s = f.firstScope(join(dir, firstDir), this::readMergeFile, errors);
      for (int i = first; i >= 0 && i < fn.length; i = indexOfByte(fn, '/', i + 1)) {
        int end = indexOfByte(fn, '/', i + 1);
        byte[] sub = Arrays.copyOf(fn, end < 0 ? fn.length : end);
        s = f.enter(s, join(dir, sub), this::readMergeFile, errors);
        if (end < 0) {
          break;
        }
      }
    }
    report(errors);
    return s;
  }

  private static int indexOfByte(byte[] b, char c) {
    return indexOfByte(b, c, 0);
  }

  private static int indexOfByte(byte[] b, char c, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /** Adds one source argument: already glob-expanded, without the module prefix. */
  public void addArgument(byte[] arg) throws IOException {
    addArgument(EMPTY, arg);
  }

  /**
   * Adds one name relative to {@code base} (a sanitized directory inside the module, "" for
   * the root): how --files-from names are resolved against the first source argument.
   */
  public void addArgument(byte[] base, byte[] arg) throws IOException {
    if (base.length == 1 && base[0] == '.') {
      base = EMPTY;
    }
    if (!entries.isEmpty()) {
      maybeDuplicates = true;
    }
    byte[] fbuf = PathSanitizer.sanitize(arg, req.relative());
    if (req.relative() && arg.length > 0 && !endsWith(fbuf, '/') && endsWith(arg, '/')) {
      fbuf = Arrays.copyOf(fbuf, fbuf.length + 1);
      fbuf[fbuf.length - 1] = '/';
    }
    NameType type;
    byte[] dir = EMPTY;
    byte[] fn;
    if (!req.relative()) {
      int len = fbuf.length;
      if (len == 0 || endsWith(fbuf, '/')) {
        fbuf = len == 2 && fbuf[0] == '.' ? DOT : concat(fbuf, DOT);
        type = NameType.DOTDIR;
      } else if (len > 1 && fbuf[len - 1] == '.' && fbuf[len - 2] == '.'
          && (len == 2 || fbuf[len - 3] == '/')) {
        fbuf = concat(fbuf, new byte[] {'/', '.'});
        type = NameType.DOTDIR;
      } else if (fbuf[len - 1] == '.' && (len == 1 || fbuf[len - 2] == '/')) {
        type = NameType.DOTDIR;
      } else {
        type = NameType.NORMAL;
      }
      int slash = lastIndexOf(fbuf, '/');
      if (slash >= 0) {
        dir = join(base, Arrays.copyOf(fbuf, slash));
        fn = Arrays.copyOfRange(fbuf, slash + 1, fbuf.length);
      } else {
        dir = base;
        fn = fbuf;
      }
    } else {
      type = NameType.NORMAL;
      int mark = indexOf(fbuf, new byte[] {'/', '.', '/'});
      if (mark >= 0) {
        dir = PathSanitizer.sanitize(Arrays.copyOf(fbuf, mark), false);
        dir = dir.length == 1 && dir[0] == '.' ? base : join(base, dir);
        int s = mark + 3;
        while (s < fbuf.length && fbuf[s] == '/') {
          s++;
        }
        fn = Arrays.copyOfRange(fbuf, s, fbuf.length);
      } else {
        dir = base;
        fn = fbuf;
      }
      boolean leadingDot = fn.length > 2 && fn[0] == '.' && fn[1] == '/';
      fn = cleanRelative(fn);
      if (fn.length == 1 && fn[0] == '.') {
        type = NameType.DOTDIR;
      } else if (endsWith(fn, '/')) {
        fn = Arrays.copyOf(fn, fn.length - 1);
        type = fn.length == 1 && fn[0] == '.' ? NameType.DOTDIR : NameType.SLASH_ENDING;
      }
      if (leadingDot && !impliedDotSent) {
        impliedDotSent = true;
        addImpliedDot(dir);
      }
    }
    if (fn.length == 0) {
      fn = DOT;
      type = NameType.DOTDIR;
    }
    if (dir.length > 0) {
      if (req.moduleRules().excludes(dir, true, EMPTY)) {
        xferError("change_dir", dir, new NoSuchFileException(RawPaths.printable(dir)));
        return;
      }
      try {
        PosixStat dst = root.lstat(dir);
        if (dst.isSymlink()) {
          throw new ModuleRoot.EscapeException(RawPaths.printable(dir),
              "Too many levels of symbolic links (40)");
        }
        if (!dst.isDir()) {
          throw new NotDirectoryException(RawPaths.printable(dir));
        }
      } catch (IOException e) {
        xferError("change_dir", dir, e);
        return;
      }
    }
    byte[] inModule = join(dir, fn);
    if (type == NameType.DOTDIR && fn.length == 1) {
      inModule = dir;
    }
    PosixStat st;
    Path path;
    try {
      path = root.resolve(inModule);
      st = root.lstat(path);
      if (type != NameType.NORMAL && st.isSymlink()) {
        throw new ModuleRoot.EscapeException(RawPaths.printable(inModule),
            "Too many levels of symbolic links (40)");
      }
    } catch (IOException e) {
      xferError("link_stat", inModule, e);
      return;
    }
    if (type != NameType.DOTDIR && moduleExcludes(dir, fn, st.isDir())) {
      xferError("link_stat", inModule, new NoSuchFileException(""));
      return;
    }
    if (type != NameType.DOTDIR
        && clientExcludes(req.clientRules().emptyScope(), dir, fn, st.isDir())) {
      return;
    }
    if (st.isDir() && !xferDirs()) {
      diag.info("skipping directory " + RawPaths.printable(fn) + "\n");
      return;
    }
    int flags = req.recurse() ? FileEntry.CONTENT_DIR : 0;
    if (req.relative()) {
      int slash = lastIndexOf(fn, '/');
      if (slash > 0) {
        addImpliedDirs(dir, Arrays.copyOf(fn, slash));
      }
    }
    if (req.recurse() || (xferDirs() && type != NameType.NORMAL)) {
      FileEntry top = entry(fn, dir, path, st, FileEntry.TOP_DIR | FileEntry.CONTENT_DIR | flags);
      if (top == null) {
        return;
      }
      entries.add(top);
      if (st.isDir()) {
        walk(dir, fn, path, flags, scopeForContents(dir, fn));
      }
    } else {
      FileEntry e = entry(fn, dir, path, st, flags);
      if (e != null) {
        entries.add(e);
      }
    }
  }

  /** clean_fname(KEEP_TRAILING_SLASH | DROP_TRAILING_DOT_DIR) on the relative part. */
  private static byte[] cleanRelative(byte[] fn) {
    boolean trailing = endsWith(fn, '/');
    byte[] s = PathSanitizer.sanitize(fn, false);
    if (trailing && !(s.length == 1 && s[0] == '.') && !endsWith(s, '/')) {
      s = concat(s, new byte[] {'/'});
    }
    return s;
  }

  private void addImpliedDot(byte[] dir) throws IOException {
    maybeDuplicates = true;
    try {
      Path p = root.resolve(dir);
      PosixStat st = root.lstat(p);
      FileEntry e = entry(DOT, dir, p, st, FileEntry.IMPLIED_DIR);
      if (e != null) {
        entries.add(e);
      }
    } catch (IOException e) {
      xferError("link_stat", dir, e);
    }
  }

  /** send_implied_dirs: each parent of a -R path, flagged, client rules not applied. */
  private void addImpliedDirs(byte[] dir, byte[] parents) {
    maybeDuplicates = true;
    for (int i = 0; i <= parents.length; i++) {
      if (i == parents.length || parents[i] == '/') {
        byte[] name = Arrays.copyOf(parents, i);
        if (moduleExcludes(dir, name, true)) {
          continue;
        }
        try {
          Path p = root.resolve(join(dir, name));
          PosixStat st = root.lstat(p);
          FileEntry e = entry(name, dir, p, st, FileEntry.IMPLIED_DIR);
          if (e != null) {
            entries.add(e);
          }
        } catch (IOException e) {
          xferError("link_stat", join(dir, name), e);
        }
      }
    }
  }

  /** send_directory (and, with -r, send_if_directory for each subdirectory found). */
  private void walk(byte[] rootInModule, byte[] dirName, Path dirPath, int flags,
      ClientFilter.Scope scope) {
    List<byte[]> names;
    try {
      names = root.list(dirPath);
    } catch (IOException e) {
      xferError("opendir", join(rootInModule, dirName), e);
      return;
    }
    List<Object[]> subdirs = new ArrayList<>();
    for (byte[] child : names) {
      byte[] name = join(dirName, child);
      Path p = RawPaths.resolve(dirPath, child);
      PosixStat st;
      try {
        st = root.lstat(p);
      } catch (NoSuchFileException e) {
        continue; // vanished while listing
      } catch (IOException e) {
        xferError("readlink_stat", join(rootInModule, name), e);
        continue;
      }
      if (st.mode() == 0 || moduleExcludes(rootInModule, name, st.isDir())
          || clientExcludes(scope, rootInModule, name, st.isDir())) {
        continue;
      }
      FileEntry e = entry(name, rootInModule, p, st, st.isDir() ? flags : 0);
      if (e == null) {
        continue;
      }
      entries.add(e);
      if (st.isDir() && req.recurse()) {
        subdirs.add(new Object[] {name, p});
      }
    }
    for (Object[] d : subdirs) {
      byte[] sub = (byte[]) d[0];
      walk(rootInModule, sub, (Path) d[1], flags, enterScope(scope, join(rootInModule, sub)));
    }
  }

  private FileEntry entry(byte[] name, byte[] rootInModule, Path p, PosixStat st, int flags) {
    byte[] target = null;
    if (st.isSymlink() && req.format().links()) {
      try {
        target = root.readLink(p);
      } catch (IOException e) {
        xferError("readlink", join(rootInModule, name), e);
        return null;
      }
    }
    long size = st.size();
    int entryFlags = st.isDir() ? flags : flags & ~FileEntry.CONTENT_DIR;
    boolean linked = req.format().hardLinks() && !st.isDir() && st.nlink() > 1;
    return new FileEntry(name, rootInModule, st.mode(), size, st.mtime(), st.mtimeNsec(),
        st.uid(), st.gid(), st.rdevMajor(), st.rdevMinor(), target, null, entryFlags,
        linked ? st.dev() : -1, linked ? st.ino() : 0, st.atime());
  }

  public int ioError() {
    return ioError;
  }

  /** Sorts (f_name_cmp) and removes duplicates the way the receiver's cleaning does. */
  public List<FileEntry> finish() {
    entries.sort(FileNameOrder.INSTANCE);
    if (!maybeDuplicates) {
      return entries;
    }
    Map<NameKey, Integer> seen = new HashMap<>();
    List<FileEntry> out = new ArrayList<>(entries.size());
    for (FileEntry e : entries) {
      NameKey k = new NameKey(e.name());
      Integer at = seen.get(k);
      if (at == null) {
        seen.put(k, out.size());
        out.add(e);
        continue;
      }
      FileEntry kept = out.get(at);
      if (e.isDir() && !kept.isDir()) {
        out.set(at, null);
        seen.put(k, out.size());
        out.add(e);
      } else if (e.isDir() && kept.isDir()) {
        int merged = (kept.flags() | (e.flags() & (FileEntry.TOP_DIR | FileEntry.CONTENT_DIR)))
            & (e.flags() | ~FileEntry.IMPLIED_DIR);
        out.set(at, kept.withFlags(merged));
      }
    }
    out.removeIf(java.util.Objects::isNull);
    return out;
  }

  private record NameKey(byte[] name) {
    @Override
    public boolean equals(Object o) {
      return o instanceof NameKey k && Arrays.equals(name, k.name);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(name);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static int indexOf(byte[] h, byte[] n) {
    outer:
    for (int i = 0; i + n.length <= h.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (h[i + j] != n[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
