package dev.sower.rsync.daemon;

import dev.sower.rsync.filter.ParsedRule;
import dev.sower.rsync.flist.EncodedList;
import dev.sower.rsync.flist.ListFormat;
import dev.sower.rsync.flist.ModuleRoot;
import dev.sower.rsync.flist.PosixStat;
import dev.sower.rsync.options.ServerOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Encoded listings of recent requests (same module, options, rules and paths), reused while
 * the data is unchanged. A hit is revalidated at most once per {@code revalidateMillis} by
 * re-reading the mtime of every directory in the listing (adding, removing or renaming an
 * entry changes its directory's mtime); entries older than {@code maxAgeMillis} are rebuilt
 * anyway, which bounds how long an in-place rewrite of a file can go unnoticed.
 */
public final class ListingCache {
  private record Entry(EncodedList list, List<Path> dirs, long[] mtimes, long created,
      long[] validated) {}

  private final int maxEntries;
  private final long maxBytes;
  private final long revalidateMillis;
  private final long maxAgeMillis;
  private final LongSupplier clock;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;
  private long hits;
  private long misses;

  public ListingCache(int maxEntries, long maxBytes, long revalidateMillis, long maxAgeMillis,
      LongSupplier clock) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    this.revalidateMillis = revalidateMillis;
    this.maxAgeMillis = maxAgeMillis;
    this.clock = clock;
  }

  /** 8 listings, 1 GiB, revalidated every second, rebuilt after 10 minutes. */
  public static ListingCache defaults() {
    return new ListingCache(8, 1L << 30, 1000, 600_000, System::currentTimeMillis);
  }

  static String key(String module, ServerOptions o, ListFormat f, List<ParsedRule> rules) {
    StringBuilder sb = new StringBuilder(module).append('|').append(o.recurse()).append(o.xferDirs())
        .append(o.relative()).append(o.numericIds()).append(o.listOnly()).append(o.cvsExclude()).append('|').append(f);
    for (ParsedRule p : rules) {
      sb.append('|').append(p);
    }
    sb.append("|paths");
    for (byte[] p : o.paths()) {
      sb.append('|').append(HexFormat.of().formatHex(p));
    }
    return sb.toString();
  }

  synchronized Optional<EncodedList> get(String key, ModuleRoot root) {
    Entry e = entries.get(key);
    long now = clock.getAsLong();
    if (e == null) {
      misses++;
      return Optional.empty();
    }
    if (now - e.created > maxAgeMillis || (now - e.validated[0] > revalidateMillis
        && !stillValid(e))) {
      remove(key);
      misses++;
      return Optional.empty();
    }
    e.validated[0] = now;
    hits++;
    return Optional.of(e.list);
  }

  private static boolean stillValid(Entry e) {
    for (int i = 0; i < e.dirs.size(); i++) {
      try {
        PosixStat st = dev.sower.rsync.flist.StatAccess.lstat(e.dirs.get(i));
        if (stamp(st) != e.mtimes[i]) {
          return false;
        }
      } catch (IOException ex) {
        return false;
      }
    }
    return true;
  }

  private static long stamp(PosixStat st) {
    return st.mtime() * 1_000_000_000L + st.mtimeNsec();
  }

  synchronized void put(String key, EncodedList list, ModuleRoot root) {
    if (list.raw().length > maxBytes) {
      return;
    }
    List<Path> dirs = new ArrayList<>();
    List<Long> stamps = new ArrayList<>();
    boolean[] failed = {false};
    list.files().forEach(f -> {
      if (f.isDir() && !failed[0]) {
        try {
          Path p = root.resolve(f.pathInModule());
          dirs.add(p);
          stamps.add(stamp(root.lstat(p)));
        } catch (IOException e) {
          failed[0] = true;
        }
      }
    });
    if (failed[0]) {
      return;
    }
    long[] m = stamps.stream().mapToLong(Long::longValue).toArray();
    long now = clock.getAsLong();
    remove(key);
    entries.put(key, new Entry(list, dirs, m, now, new long[] {now}));
    bytes += list.raw().length;
    while (entries.size() > maxEntries || bytes > maxBytes) {
      Map.Entry<String, Entry> eldest = entries.entrySet().iterator().next();
      remove(eldest.getKey());
    }
  }

  private void remove(String key) {
    Entry old = entries.remove(key);
    if (old != null) {
      bytes -= old.list.raw().length;
    }
  }

  /** Drops everything (e.g. after the operator swapped the dataset). */
  public synchronized void clear() {
    entries.clear();
    bytes = 0;
  }

  public synchronized long hits() {
    return hits;
  }

  public synchronized long misses() {
    return misses;
  }
}
