package dev.sower.dataset.sample;

import dev.sower.dataset.Layout;
import dev.sower.dataset.RawPaths;
import dev.sower.dataset.Trees;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * Generates a dataset release shaped like the reference case, deterministic for a seed:
 * {@code original/NNNN/ID.ext}, {@code 512px/NNNN/ID.jpg} for the safe subset, metadata as JSON
 * lines in {@code metadata/metadata.json.tar.xz}, older releases' metadata under
 * {@code metadata/YYYY/}, and a {@code README.txt}. Output goes to a temporary sibling directory
 * that is renamed into place only when complete.
 */
public final class SampleGenerator {
  /** First ID of a first release (IDs are not padded, and start above zero like a booru's). */
  private static final long FIRST_ID = 1000;
  /** Keeps the pixel stream apart from the planning stream of the same seed. */
  private static final long IMAGE_STREAM = 0x1A4E5EEDL;
  private static final long EPOCH_START = LocalDate.of(2005, 5, 24).atStartOfDay(ZoneOffset.UTC).toEpochSecond();

  private final Consumer<String> log;
  private final TagVocabulary vocabulary = new TagVocabulary();

  /** {@code log} receives progress lines; it may be called from several threads. */
  public SampleGenerator(Consumer<String> log) {
    this.log = log;
  }

  /** Generates a first release into {@code options.out()}. */
  public SampleSummary generate(SampleOptions options) throws IOException {
    SplittableRandom master = new SplittableRandom(Seeds.mix(options.seed(), 0));
    long start = EPOCH_START;
    long end = yearEnd(options.year());
    // Small samples spread their IDs so that they fill every bucket as the real 3.69M do.
    double gapScale = Math.max(1.0, 10_000.0 / options.images());
    List<ImageRecord> planned = plan(master, options.seed(), FIRST_ID + master.nextInt(100),
        options.images(), start, end, options.meanKib(), gapScale);
    planned = assignOddities(master, planned);
    Path out = options.out();
    Path tmp = prepare(out);
    List<String> odd = new ArrayList<>();
    try {
      createTree(tmp);
      List<ImageRecord> written = render(tmp, planned, options.seed(), options.meanKib());
      odd.addAll(describeOdd(written));
      odd.addAll(writeOddNames(tmp, written));
      long releaseTime = releaseTime(options.year());
      Path archive = tmp.resolve(Layout.METADATA).resolve(Layout.METADATA_ARCHIVE);
      MetadataArchive.write(archive, options.year(), written, options.seed(), releaseTime);
      Files.setLastModifiedTime(archive, FileTime.from(releaseTime, java.util.concurrent.TimeUnit.SECONDS));
      writeReadme(tmp, options.year(), written.size(), releaseTime);
      fixDirectoryTimes(tmp, releaseTime);
      publish(tmp, out);
    } catch (IOException | RuntimeException e) {
      deleteTree(tmp);
      throw e;
    }
    return summarize(out, options.year(), planned.size(), odd);
  }

  /**
   * Writes the release after the one in {@code oldDir} into {@code out}: about 10% new higher
   * IDs, about 0.5% removed, a few originals re-encoded, metadata replaced and the old metadata
   * kept under {@code metadata/YYYY/}.
   */
  public UpdateSummary update(Path oldDir, Path out, long seed) throws IOException {
    Path oldArchive = oldDir.resolve(Layout.METADATA).resolve(Layout.METADATA_ARCHIVE);
    if (!Files.isRegularFile(oldArchive)) {
      throw new IOException(oldDir + " is not a sample release: " + oldArchive + " is missing");
    }
    int oldYear = MetadataArchive.year(oldArchive);
    if (oldYear < 0) {
      throw new IOException(oldArchive + " has no YYYY/ entries: cannot tell its release year");
    }
    int year = oldYear + 1;
    List<ImageRecord> old = new ArrayList<>(MetadataArchive.read(oldArchive));
    old.sort(Comparator.comparingLong(ImageRecord::id));
    if (old.isEmpty()) {
      throw new IOException(oldArchive + " holds no records");
    }
    SplittableRandom master = new SplittableRandom(Seeds.mix(seed, year));
    int meanKib = estimateMeanKib(old);
    Path tmp = prepare(out);
    try {
      log.accept("copying release " + oldYear + " from " + oldDir);
      copyTree(oldDir, tmp);
      long yearStart = LocalDate.of(year, 1, 1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
      long releaseTime = releaseTime(year);

      Set<Long> removed = pick(master, old, Math.max(old.size() >= 20 ? 1 : 0, (int) Math.round(old.size() * 0.005)),
          r -> isPlain(tmp, r), Set.of());
      Set<Long> reencoded = pick(master, old, Math.max(old.size() >= 20 ? 2 : 0, old.size() / 1000),
          r -> "jpg".equals(r.fileExt()) && isPlain(tmp, r), removed);

      List<String> modified = new ArrayList<>();
      List<ImageRecord> kept = new ArrayList<>();
      List<String> removedPaths = new ArrayList<>();
      for (ImageRecord r : old) {
        if (removed.contains(r.id())) {
          Files.delete(tmp.resolve(r.originalPath()));
          removedPaths.add(r.originalPath());
          if (Files.deleteIfExists(tmp.resolve(r.subsetPath()))) {
            removedPaths.add(r.subsetPath());
          }
        } else if (reencoded.contains(r.id())) {
          kept.add(reencode(tmp, r, yearStart + master.nextLong(86_400L * 300)));
          modified.add(r.originalPath());
        } else {
          kept.add(r);
        }
      }
      long firstNew = old.get(old.size() - 1).id() + 1 + master.nextInt(20);
      int newCount = (int) Math.max(1, Math.round(old.size() * 0.10));
      // New IDs span at least all 1000 buckets, as a real year's ~370k new posts do.
      List<ImageRecord> planned = plan(master, seed ^ year, firstNew, newCount, yearStart,
          yearStart + 86_400L * 360, meanKib, Math.max(1.0, 1_500.0 / newCount));
      List<ImageRecord> fresh = render(tmp, planned, seed ^ year, meanKib);
      kept.addAll(fresh);

      Path metaDir = tmp.resolve(Layout.METADATA);
      Path archived = metaDir.resolve(Integer.toString(oldYear));
      Files.createDirectories(archived);
      Files.move(metaDir.resolve(Layout.METADATA_ARCHIVE), archived.resolve(Layout.METADATA_ARCHIVE));
      Path archive = metaDir.resolve(Layout.METADATA_ARCHIVE);
      MetadataArchive.write(archive, year, kept, seed, releaseTime);
      Files.setLastModifiedTime(archive, FileTime.from(releaseTime, java.util.concurrent.TimeUnit.SECONDS));
      modified.add(Layout.METADATA + "/" + Layout.METADATA_ARCHIVE);
      writeReadme(tmp, year, kept.size(), releaseTime);
      modified.add("README.txt");
      fixDirectoryTimes(tmp, releaseTime);
      publish(tmp, out);

      List<String> added = new ArrayList<>();
      long addedBytes = 0;
      for (ImageRecord r : fresh) {
        added.add(r.originalPath());
        addedBytes += Files.size(out.resolve(r.originalPath()));
        if (r.inSubset()) {
          added.add(r.subsetPath());
          addedBytes += Files.size(out.resolve(r.subsetPath()));
        }
      }
      String archivedPath = Layout.METADATA + "/" + oldYear + "/" + Layout.METADATA_ARCHIVE;
      added.add(archivedPath);
      addedBytes += Files.size(out.resolve(archivedPath));
      added.sort(null);
      removedPaths.sort(null);
      modified.sort(null);
      return new UpdateSummary(oldYear, year, fresh.size(), removed.size(), reencoded.size(),
          List.copyOf(added), List.copyOf(removedPaths), List.copyOf(modified), addedBytes);
    } catch (IOException | RuntimeException e) {
      deleteTree(tmp);
      throw e;
    }
  }

  // ---- planning ---------------------------------------------------------------------------

  private List<ImageRecord> plan(SplittableRandom master, long seed, long firstId, int count,
      long start, long end, int meanKib, double gapScale) {
    List<ImageRecord> out = new ArrayList<>(count);
    long id = firstId;
    double span = Math.max(1, end - start);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        // Mostly consecutive IDs, with the gaps of deleted and never-mirrored posts.
        double u = master.nextDouble();
        int gap = u < 0.6 ? 1 : (u < 0.95 ? 2 + master.nextInt(3) : 5 + master.nextInt(60));
        id += Math.max(1, Math.round(gap * gapScale * (0.5 + master.nextDouble())));
      }
      SplittableRandom rnd = new SplittableRandom(Seeds.mix(seed, id));
      long created = start + (long) (span * (i + rnd.nextDouble()) / count);
      double f = rnd.nextDouble();
      String format = f < 0.75 ? "jpg" : (f < 0.96 ? "png" : "gif");
      double area = targetBytes(rnd, meanKib) / bytesPerPixel(format);
      double aspect = 0.5 + rnd.nextDouble() * 1.5;
      int w = (int) Math.max(8, Math.min(4096, Math.round(Math.sqrt(area * aspect))));
      int h = (int) Math.max(8, Math.min(4096, Math.round(area / w)));
      if ("gif".equals(format)) {
        w = Math.min(w, 320);
        h = Math.min(h, 320);
      }
      double rr = rnd.nextDouble();
      char rating = rr < 0.77 ? 's' : (rr < 0.915 ? 'q' : 'e');
      int score = (int) Math.floor(Math.exp(rnd.nextDouble() * 5)) - 1;
      boolean deleted = rnd.nextDouble() < 0.01;
      int quality = 80 + rnd.nextInt(16);
      out.add(new ImageRecord(id, created, "", format, format, 0, w, h, rating, score,
          vocabulary.draw(rnd, 12), deleted, Oddity.NONE, quality));
    }
    return out;
  }

  private static double targetBytes(SplittableRandom rnd, int meanKib) {
    // Log-normal with sigma 1: mean = median * e^0.5.
    double gaussian = nextGaussian(rnd);
    double median = meanKib * 1024.0 / Math.exp(0.5);
    return Math.max(600, Math.min(meanKib * 1024.0 * 40, median * Math.exp(gaussian)));
  }

  private static double nextGaussian(SplittableRandom rnd) {
    double u1 = Math.max(1e-12, rnd.nextDouble());
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static double bytesPerPixel(String format) {
    return switch (format) {
      case "jpg" -> 0.75;
      case "png" -> 1.5;
      default -> 0.6;
    };
  }

  private static List<ImageRecord> assignOddities(SplittableRandom master, List<ImageRecord> planned) {
    List<ImageRecord> out = new ArrayList<>(planned);
    if (out.size() < 10) {
      return out;
    }
    Set<Integer> used = new TreeSet<>();
    oddify(master, out, used, Oddity.WRONG_EXTENSION, 3);
    oddify(master, out, used, Oddity.TRUNCATED, 2);
    oddify(master, out, used, Oddity.EMPTY, 1);
    return out;
  }

  private static void oddify(SplittableRandom master, List<ImageRecord> list, Set<Integer> used,
      Oddity oddity, int count) {
    for (int n = 0, tries = 0; n < count && tries < 1000; tries++) {
      int i = master.nextInt(list.size());
      if (!used.add(i)) {
        continue;
      }
      ImageRecord r = list.get(i);
      String format = oddity == Oddity.WRONG_EXTENSION ? "png" : r.format();
      String ext = oddity == Oddity.WRONG_EXTENSION ? "jpg" : r.fileExt();
      list.set(i, new ImageRecord(r.id(), r.createdAt(), r.md5(), ext, format, r.fileSize(),
          r.width(), r.height(), r.rating(), r.score(), r.tags(), r.deleted(), oddity, r.quality()));
      n++;
    }
  }

  // ---- writing ----------------------------------------------------------------------------

  private List<ImageRecord> render(Path root, List<ImageRecord> planned, long seed, int meanKib) {
    ImageRecord[] done = new ImageRecord[planned.size()];
    int step = Math.max(1, planned.size() / 10);
    java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
    IntStream.range(0, planned.size()).parallel().forEach(i -> {
      ImageRecord r = planned.get(i);
      SplittableRandom rnd = new SplittableRandom(Seeds.mix(seed ^ IMAGE_STREAM, r.id()));
      double detail = 0.25 + 0.75 * rnd.nextDouble();
      BufferedImage img = ImageFactory.draw(rnd.nextLong(), r.width(), r.height(), detail);
      byte[] full = ImageFactory.encode(img, r.format(), r.quality());
      byte[] onDisk = switch (r.oddity()) {
        case TRUNCATED -> java.util.Arrays.copyOf(full, Math.max(1, full.length / 2));
        case EMPTY -> new byte[0];
        default -> full;
      };
      try {
        write(root.resolve(r.originalPath()), onDisk, r.createdAt());
        if (r.inSubset()) {
          write(root.resolve(r.subsetPath()), ImageFactory.subset(img), r.createdAt());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      done[i] = r.withFile(md5(full), full.length, r.quality(), r.createdAt());
      int n = finished.incrementAndGet();
      if (n % step == 0 && planned.size() >= 1000) {
        log.accept("  rendered " + n + " of " + planned.size() + " images");
      }
    });
    return List.of(done);
  }

  private ImageRecord reencode(Path root, ImageRecord r, long when) throws IOException {
    Path file = root.resolve(r.originalPath());
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(file)));
    if (img == null) {
      throw new IOException("cannot decode " + file + " to re-encode it");
    }
    BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
    rgb.createGraphics().drawImage(img, 0, 0, null);
    byte[] bytes = ImageFactory.encode(rgb, "jpg", 70);
    Files.delete(file); // a new inode, as a re-encode by a real pipeline would make
    write(file, bytes, when);
    return r.withFile(md5(bytes), bytes.length, 70, r.createdAt());
  }

  /** A record whose file is the plain image the metadata describes (not odd, not missing). */
  private static boolean isPlain(Path root, ImageRecord r) {
    try {
      Path f = root.resolve(r.originalPath());
      if (!Files.isRegularFile(f) || Files.size(f) != r.fileSize() || r.fileSize() < 8) {
        return false;
      }
      byte[] head = new byte[8];
      try (var in = Files.newInputStream(f)) {
        if (in.readNBytes(head, 0, 8) != 8) {
          return false;
        }
      }
      return switch (r.fileExt()) {
        case "jpg" -> (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8;
        case "png" -> (head[0] & 0xff) == 0x89 && head[1] == 'P';
        case "gif" -> head[0] == 'G' && head[1] == 'I';
        default -> false;
      };
    } catch (IOException e) {
      return false;
    }
  }

  private static Set<Long> pick(SplittableRandom master, List<ImageRecord> from, int count,
      java.util.function.Predicate<ImageRecord> eligible, Set<Long> exclude) {
    Set<Long> out = new TreeSet<>();
    for (int tries = 0; out.size() < count && tries < count * 50 + 100; tries++) {
      ImageRecord r = from.get(master.nextInt(from.size()));
      if (!exclude.contains(r.id()) && !out.contains(r.id()) && eligible.test(r)) {
        out.add(r.id());
      }
    }
    return out;
  }

  private static int estimateMeanKib(List<ImageRecord> records) {
    long sum = 0;
    for (ImageRecord r : records) {
      sum += r.fileSize();
    }
    return (int) Math.max(1, Math.min(65_536, sum / records.size() / 1024));
  }

  private static List<String> describeOdd(List<ImageRecord> records) {
    List<String> out = new ArrayList<>();
    for (ImageRecord r : records) {
      switch (r.oddity()) {
        case WRONG_EXTENSION -> out.add("png-named-jpg " + r.originalPath());
        case TRUNCATED -> out.add("truncated " + r.originalPath());
        case EMPTY -> out.add("zero-byte " + r.originalPath());
        default -> { }
      }
    }
    return out;
  }

  /**
   * Extra files whose names are not {@code ID.ext}: one with a space, one with UTF-8 text and,
   * where names are bytes we can write, one that is not valid UTF-8.
   */
  private List<String> writeOddNames(Path root, List<ImageRecord> records) throws IOException {
    List<String> out = new ArrayList<>();
    if (records.size() < 10) {
      return out;
    }
    ImageRecord a = records.get(records.size() / 3);
    ImageRecord b = records.get(records.size() / 2);
    ImageRecord c = records.get(2 * records.size() / 3);
    String bucketA = Layout.ORIGINAL + "/" + Layout.bucketDir(Layout.bucket(a.id())) + "/";
    String spaced = bucketA + a.id() + " (1)." + a.fileExt();
    Files.copy(root.resolve(a.originalPath()), root.resolve(spaced), StandardCopyOption.COPY_ATTRIBUTES);
    out.add("space-in-name " + spaced);
    String bucketB = Layout.ORIGINAL + "/" + Layout.bucketDir(Layout.bucket(b.id())) + "/";
    String utf8 = bucketB + "caf\u00e9-" + b.id() + "." + b.fileExt();
    Files.copy(root.resolve(b.originalPath()), root.resolve(utf8), StandardCopyOption.COPY_ATTRIBUTES);
    out.add("utf8-name " + utf8);
    if (RawPaths.exact()) {
      String bucketC = Layout.ORIGINAL + "/" + Layout.bucketDir(Layout.bucket(c.id())) + "/";
      byte[] name = ("caf\u00e9-" + c.id() + "." + c.fileExt()).getBytes(StandardCharsets.ISO_8859_1);
      Path target = RawPaths.resolve(root.resolve(bucketC), name);
      Files.copy(root.resolve(c.originalPath()), target, StandardCopyOption.COPY_ATTRIBUTES);
      out.add("non-utf8-name " + bucketC + RawPaths.printable(name));
    } else {
      log.accept("note: file names are not handled as bytes in this JVM (missing --add-opens "
          + "java.base/sun.nio.fs=ALL-UNNAMED); no non-UTF-8 file name was written");
    }
    return out;
  }

  private static void writeReadme(Path root, int year, int images, long releaseTime) throws IOException {
    String text = "Sample dataset, release " + year + "\n"
        + "Generated by `sower sample`: " + images + " images shaped like the Danbooru dataset.\n\n"
        + "original/NNNN/ID.ext   full-size images, NNNN = ID mod 1000\n"
        + "512px/NNNN/ID.jpg      safe-rated images downscaled to at most 512 px\n"
        + "metadata/" + Layout.METADATA_ARCHIVE + "   metadata as JSON lines, one object per image\n"
        + "metadata/YYYY/         older releases' metadata\n";
    write(root.resolve("README.txt"), text.getBytes(StandardCharsets.UTF_8), releaseTime);
  }

  private static void createTree(Path root) throws IOException {
    for (String tree : List.of(Layout.ORIGINAL, Layout.SUBSET_512)) {
      for (int b = 0; b < Layout.BUCKETS; b++) {
        Files.createDirectories(root.resolve(tree).resolve(Layout.bucketDir(b)));
      }
    }
    Files.createDirectories(root.resolve(Layout.METADATA));
  }

  private static void write(Path file, byte[] bytes, long mtime) throws IOException {
    Files.write(file, bytes);
    Files.setLastModifiedTime(file, FileTime.from(mtime, java.util.concurrent.TimeUnit.SECONDS));
  }

  private static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long yearEnd(int year) {
    return LocalDate.of(year, 12, 20).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
  }

  private static long releaseTime(int year) {
    return LocalDate.of(year, 12, 31).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
  }

  // ---- directories ------------------------------------------------------------------------

  /** A fresh temporary directory beside {@code out}; {@code out} must be absent or empty. */
  private static Path prepare(Path out) throws IOException {
    Path abs = out.toAbsolutePath().normalize();
    if (Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isDirectory(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("--out " + out + " exists and is not a directory");
      }
      try (var entries = Files.list(abs)) {
        if (entries.findAny().isPresent()) {
          throw new IOException("--out " + out + " is not empty; refusing to write into it");
        }
      }
    }
    Path parent = abs.getParent();
    Files.createDirectories(parent);
    return Files.createTempDirectory(parent, "." + abs.getFileName() + ".partial-");
  }

  /** Renames the finished temporary tree to {@code out}. */
  private static void publish(Path tmp, Path out) throws IOException {
    Path abs = out.toAbsolutePath().normalize();
    Files.deleteIfExists(abs); // only an empty directory, checked by prepare()
    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void fixDirectoryTimes(Path root, long mtime) throws IOException {
    FileTime t = FileTime.from(mtime, java.util.concurrent.TimeUnit.SECONDS);
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (exc != null) {
          throw exc;
        }
        Files.setLastModifiedTime(dir, t);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.createDirectories(to.resolve(from.relativize(dir)));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.copy(file, to.resolve(from.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES,
            java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Best effort: the temporary directory's name says what it is if anything is left. */
  static void deleteTree(Path root) {
    try {
      Trees.delete(root);
    } catch (IOException ignored) {
      // left for the operator; the original failure is what gets reported
    }
  }

  private static SampleSummary summarize(Path out, int year, int images, List<String> odd)
      throws IOException {
    long[] original = count(out.resolve(Layout.ORIGINAL));
    long[] subset = count(out.resolve(Layout.SUBSET_512));
    long meta = Files.size(out.resolve(Layout.METADATA).resolve(Layout.METADATA_ARCHIVE));
    return new SampleSummary(year, images, original[0], original[1], subset[0], subset[1], meta,
        List.copyOf(odd));
  }

  /** Files and bytes below {@code dir}. */
  static long[] count(Path dir) throws IOException {
    long[] n = new long[2];
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) {
          n[0]++;
          n[1] += attrs.size();
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return n;
  }
}
