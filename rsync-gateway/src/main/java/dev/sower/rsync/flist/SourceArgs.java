package dev.sower.rsync.flist;

import dev.sower.rsync.filter.FilterList;
import dev.sower.rsync.filter.WildMatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the client's path arguments into paths inside the module, like rsyncd's
 * {@code glob_expand_module}: the module name is stripped, an argument holding several
 * " module/" parts is split, each part is sanitized (never above the module root) and its
 * wildcard components are matched against directory listings (symlinks never entered,
 * module excludes honoured). An argument that matches nothing stays as it was.
 */
public final class SourceArgs {
  /** Most names a single wildcard argument may expand to. */
  public static final int MAX_EXPANSION = 1_000_000;

  private final ModuleRoot root;
  private final String module;
  private final FilterList moduleRules;

  public SourceArgs(ModuleRoot root, String module, FilterList moduleRules) {
    this.root = root;
    this.module = module;
    this.moduleRules = moduleRules;
  }

  /** Expands one raw argument (as sent, e.g. "mod/original/00*"); may return nothing. */
  public List<byte[]> expand(byte[] raw) throws IOException {
    byte[] base = module.getBytes(StandardCharsets.UTF_8);
    byte[] arg = raw;
    if (startsWith(arg, base, 0)) {
      arg = Arrays.copyOfRange(arg, base.length, arg.length);
    }
    List<byte[]> out = new ArrayList<>();
    if (arg.length == 0) {
      return out;
    }
    byte[] sep = (" " + module + "/").getBytes(StandardCharsets.UTF_8);
    int from = 0;
    while (true) {
      int at = indexOf(arg, sep, from);
      byte[] part = Arrays.copyOfRange(arg, from, at < 0 ? arg.length : at);
      expandOne(part, out);
      if (at < 0) {
        break;
      }
      from = at + sep.length;
    }
    return out;
  }

  private void expandOne(byte[] part, List<byte[]> out) throws IOException {
    if (part.length == 0) {
      return;
    }
    byte[] s = PathSanitizer.sanitize(part, false);
    int before = out.size();
    match(s, 0, new byte[0], out);
    if (out.size() == before) {
      out.add(s);
    }
  }

  private static boolean isWild(byte[] comp) {
    for (byte b : comp) {
      if (b == '*' || b == '?' || b == '[') {
        return true;
      }
    }
    return false;
  }

  private void match(byte[] arg, int pos, byte[] prefix, List<byte[]> out) throws IOException {
    int slash = -1;
    for (int i = pos; i < arg.length; i++) {
      if (arg[i] == '/') {
        slash = i;
        break;
      }
    }
    byte[] comp = Arrays.copyOfRange(arg, pos, slash < 0 ? arg.length : slash);
    boolean more = slash >= 0;
    if (isWild(comp)) {
      Path dir;
      List<byte[]> names;
      try {
        dir = root.resolve(prefix.length == 0 ? new byte[0] : trimSlash(prefix));
        names = root.list(dir);
      } catch (IOException e) {
        return;
      }
      names.sort(Arrays::compareUnsigned);
      for (byte[] name : names) {
        if (WildMatch.matches(comp, name)) {
          step(name, true, arg, more ? slash + 1 : -1, prefix, out);
          if (out.size() > MAX_EXPANSION) {
            throw new IOException("wildcard expands to more than " + MAX_EXPANSION + " names");
          }
        }
      }
    } else {
      step(comp, false, arg, more ? slash + 1 : -1, prefix, out);
    }
  }

  private void step(byte[] name, boolean fromGlob, byte[] arg, int restPos, byte[] prefix,
      List<byte[]> out) throws IOException {
    byte[] path = concat(prefix, name);
    if (fromGlob || (restPos >= 0 && name.length > 0)) {
      PosixStat st;
      try {
        st = root.lstat(path);
      } catch (IOException e) {
        return;
      }
      if (restPos >= 0 && !st.isDir()) {
        return;
      }
      if (moduleRules.excludes(path, st.isDir(), new byte[0])) {
        return;
      }
    }
    if (restPos >= 0) {
      match(arg, restPos, concat(path, new byte[] {'/'}), out);
    } else {
      out.add(path);
    }
  }

  private static byte[] trimSlash(byte[] p) {
    return p.length > 0 && p[p.length - 1] == '/' ? Arrays.copyOf(p, p.length - 1) : p;
  }

  private static boolean startsWith(byte[] a, byte[] p, int at) {
    if (a.length - at < p.length) {
      return false;
    }
    for (int i = 0; i < p.length; i++) {
      if (a[at + i] != p[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] h, byte[] n, int from) {
    for (int i = from; i + n.length <= h.length; i++) {
      if (startsWith(h, n, i)) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
