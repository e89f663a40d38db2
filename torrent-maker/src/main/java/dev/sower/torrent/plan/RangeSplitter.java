package dev.sower.torrent.plan;

import dev.sower.dataset.Layout;
import dev.sower.torrent.scan.OddFile;
import dev.sower.torrent.scan.ScannedFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Splits a scanned dataset into torrents: each image tree ({@code original/}, {@code 512px/}) into
 * {@code torrentsPerTree} ranges of the 1000 ID-mod buckets, everything else into one
 * {@code metadata} torrent. Within a torrent, files with an ID name sit in ascending ID order and
 * all other names after them in byte order, so a new release's new IDs form one block at the end.
 */
public final class RangeSplitter {
  /** Name and tree of the torrent holding metadata/ and every other top-level file. */
  public static final String METADATA_TORRENT = Layout.METADATA;
  /** The image trees split into bucket ranges, in manifest order. */
  public static final List<String> IMAGE_TREES = List.of(Layout.ORIGINAL, Layout.SUBSET_512);

  private static final Comparator<ScannedFile> PAYLOAD_ORDER = (a, b) -> {
    boolean aId = a.id() >= 0;
    boolean bId = b.id() >= 0;
    if (aId != bId) {
      return aId ? -1 : 1;
    }
    if (aId && a.id() != b.id()) {
      return Long.compare(a.id(), b.id());
    }
    return Arrays.compareUnsigned(a.path(), b.path());
  };

  private final int torrentsPerTree;

  public RangeSplitter(int torrentsPerTree) {
    if (torrentsPerTree < 1 || torrentsPerTree > Layout.BUCKETS) {
      throw new IllegalArgumentException("--torrents must be between 1 and " + Layout.BUCKETS
          + ", got " + torrentsPerTree);
    }
    this.torrentsPerTree = torrentsPerTree;
  }

  /** First bucket of range {@code i}. */
  public int rangeStart(int i) {
    return i * Layout.BUCKETS / torrentsPerTree;
  }

  /** Name of range {@code i} of {@code tree}: {@code original-0000-0099}. */
  public String rangeName(String tree, int i) {
    return String.format("%s-%04d-%04d", tree, rangeStart(i), rangeStart(i + 1) - 1);
  }

  /** The split; every plan keeps its files in payload order; odd placements are added to {@code odd}. */
  public Split split(List<ScannedFile> files) {
    List<List<ScannedFile>> ranges = new ArrayList<>();
    for (int i = 0; i < IMAGE_TREES.size() * torrentsPerTree; i++) {
      ranges.add(new ArrayList<>());
    }
    int[] rangeOfBucket = new int[Layout.BUCKETS];
    for (int i = 0; i < torrentsPerTree; i++) {
      for (int b = rangeStart(i); b < rangeStart(i + 1); b++) {
        rangeOfBucket[b] = i;
      }
    }
    List<ScannedFile> metadata = new ArrayList<>();
    List<OddFile> odd = new ArrayList<>();
    for (ScannedFile f : files) {
      byte[][] parts = components(f.path());
      int tree = parts.length >= 2 ? treeIndex(parts[0]) : -1;
      if (tree < 0) {
        metadata.add(f);
        continue;
      }
      long bucket = parts.length >= 3
          ? Layout.parseBucketDir(new String(parts[1], StandardCharsets.ISO_8859_1)).orElse(-1)
          : -1;
      if (bucket < 0) {
        odd.add(new OddFile(f.path(), OddFile.Kind.OUTSIDE_BUCKETS));
        metadata.add(f);
        continue;
      }
      ScannedFile placed = f;
      if (parts.length != 3 || f.id() < 0) {
        odd.add(new OddFile(f.path(), OddFile.Kind.NOT_AN_ID_NAME));
        if (f.id() >= 0) {
          placed = new ScannedFile(f.path(), f.size(), f.mtimeNanos(), f.inode(), -1);
        }
      } else if (Layout.bucket(f.id()) != bucket) {
        odd.add(new OddFile(f.path(), OddFile.Kind.WRONG_BUCKET));
      }
      ranges.get(tree * torrentsPerTree + rangeOfBucket[(int) bucket]).add(placed);
    }
    List<TorrentPlan> plans = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    for (int t = 0; t < IMAGE_TREES.size(); t++) {
      for (int i = 0; i < torrentsPerTree; i++) {
        List<ScannedFile> range = ranges.get(t * torrentsPerTree + i);
        String name = rangeName(IMAGE_TREES.get(t), i);
        if (range.isEmpty()) {
          empty.add(name);
          continue;
        }
        range.sort(PAYLOAD_ORDER);
        plans.add(new TorrentPlan(name, IMAGE_TREES.get(t), rangeStart(i), rangeStart(i + 1) - 1,
            range));
      }
    }
    if (!metadata.isEmpty()) {
      metadata.sort((a, b) -> Arrays.compareUnsigned(a.path(), b.path()));
      plans.add(new TorrentPlan(METADATA_TORRENT, METADATA_TORRENT, -1, -1, metadata));
    } else {
      empty.add(METADATA_TORRENT);
    }
    return new Split(plans, empty, odd);
  }

  /**
   * The split of a dataset.
   *
   * @param plans torrents to make, image ranges first (original, then 512px), metadata last
   * @param emptyRanges names of ranges without any file (no torrent is made for them)
   * @param odd files placed somewhere their names do not say
   */
  public record Split(List<TorrentPlan> plans, List<String> emptyRanges, List<OddFile> odd) {}

  private static int treeIndex(byte[] first) {
    String s = new String(first, StandardCharsets.ISO_8859_1);
    return IMAGE_TREES.indexOf(s);
  }

  /** Splits a relative path on {@code /}. */
  public static byte[][] components(byte[] path) {
    int n = 1;
    for (byte b : path) {
      if (b == '/') {
        n++;
      }
    }
    byte[][] parts = new byte[n][];
    int start = 0;
    int k = 0;
    for (int i = 0; i <= path.length; i++) {
      if (i == path.length || path[i] == '/') {
        parts[k++] = Arrays.copyOfRange(path, start, i);
        start = i + 1;
      }
    }
    return parts;
  }
}
