package dev.sower.rsync.flist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * User and group names for the uid/gid lists (uidlist.c), read from /etc/passwd and
 * /etc/group (the JDK has no getpwuid). An id without a name is sent without one, as rsync
 * does when the lookup fails.
 */
public final class IdNames {
  private static volatile IdNames system;

  private final Map<Integer, byte[]> users;
  private final Map<Integer, byte[]> groups;

  public IdNames(Map<Integer, byte[]> users, Map<Integer, byte[]> groups) {
    this.users = Map.copyOf(users);
    this.groups = Map.copyOf(groups);
  }

  /** The names of this machine, read once. */
  public static IdNames system() {
    IdNames s = system;
    if (s == null) {
      s = new IdNames(read(Path.of("/etc/passwd")), read(Path.of("/etc/group")));
      system = s;
    }
    return s;
  }

  private static Map<Integer, byte[]> read(Path file) {
    Map<Integer, byte[]> out = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
        String[] f = line.split(":", -1);
        if (f.length >= 3 && !f[0].isEmpty() && f[0].length() <= 255) {
          try {
            out.putIfAbsent(Integer.parseInt(f[2]), f[0].getBytes(StandardCharsets.ISO_8859_1));
          } catch (NumberFormatException e) {
            // not an id line
          }
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  public byte[] user(int uid) {
    return users.get(uid);
  }

  public byte[] group(int gid) {
    return groups.get(gid);
  }

  /** Ids in order of first appearance in {@code entries}. */
  static List<Integer> distinct(List<FileEntry> entries, boolean uid) {
    java.util.LinkedHashSet<Integer> ids = new java.util.LinkedHashSet<>();
    for (FileEntry e : entries) {
      ids.add(uid ? e.uid() : e.gid());
    }
    return List.copyOf(ids);
  }
}
