package dev.sower.torrent;

import dev.sower.dataset.Layout;
import dev.sower.dataset.RawPaths;
import dev.sower.torrent.hash.HashJob;
import dev.sower.torrent.hash.HashResult;
import dev.sower.torrent.hash.PieceHasher;
import dev.sower.torrent.meta.Manifest;
import dev.sower.torrent.meta.TorrentState;
import dev.sower.torrent.plan.PieceSizeRule;
import dev.sower.torrent.plan.RangeSplitter;
import dev.sower.torrent.plan.TorrentPlan;
import dev.sower.torrent.publish.AtomicPublisher;
import dev.sower.torrent.publish.FileListWriter;
import dev.sower.torrent.publish.TorrentsArchive;
import dev.sower.torrent.scan.DatasetScan;
import dev.sower.torrent.scan.DatasetScanner;
import dev.sower.torrent.scan.OddFile;
import dev.sower.torrent.scan.ScannedFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * {@code sower make}: scan, split into bucket-range torrents, hash, write, publish atomically.
 * See docs/torrents.md.
 */
public final class TorrentMaker {
  /** Subdirectory of the output holding the per-torrent state files. */
  public static final String STATE_DIR = "state";
  public static final String TORRENTS_ARCHIVE = "torrents.tar.xz";
  public static final String FILE_LIST = "filelist.txt.xz";
  public static final String CHANGES = "changes.json";
  public static final String REMOVED = "removed.txt";

  private final Consumer<String> log;
  private final Progress progress;

  public TorrentMaker(Consumer<String> log, Progress progress) {
    this.log = log;
    this.progress = progress;
  }

  /** Runs a make; throws {@link MakeException} with a clear message on bad input. */
  public MakeResult make(MakeOptions o) throws IOException {
    long t0 = System.nanoTime();
    Path dataset = checkLayout(o.dataset());
    String name = datasetName(o, dataset);
    Path outAbs = o.out().toAbsolutePath().normalize();
    if (outAbs.startsWith(dataset)) {
      throw new MakeException("output " + o.out() + " lies inside the dataset " + dataset);
    }
    RangeSplitter splitter;
    try {
      splitter = new RangeSplitter(o.torrentsPerTree());
    } catch (IllegalArgumentException e) {
      throw new MakeException(e.getMessage());
    }
    PreviousRelease previous = null;
    if (o.previous() != null) {
      progress.phase("reading previous release");
      previous = PreviousRelease.load(o.previous());
      checkPrevious(previous, name, o);
    }

    PieceHasher.warmUp();
    progress.phase("scanning");
    log.accept("scanning " + dataset);
    DatasetScan scan = new DatasetScanner().scan(dataset);
    long t1 = System.nanoTime();
    log.accept(String.format("scanned %d files, %d directories, %d bytes in %.1f s",
        scan.files().size(), scan.directories(), scan.bytes(), (t1 - t0) / 1e9));
    if (scan.files().isEmpty()) {
      throw new MakeException("dataset " + dataset + " holds no files");
    }
    RangeSplitter.Split split = splitter.split(scan.files());
    for (String tree : RangeSplitter.IMAGE_TREES) {
      boolean any = split.plans().stream().anyMatch(p -> p.tree().equals(tree));
      if (!any && Files.isDirectory(dataset.resolve(tree), LinkOption.NOFOLLOW_LINKS)) {
        throw new MakeException("empty tree: " + dataset.resolve(tree)
            + " holds no files in bucket directories");
      }
    }

    // piece lengths and reuse
    List<HashJob> jobs = new ArrayList<>();
    long[] pieceLengths = new long[split.plans().size()];
    int[] reused = new int[split.plans().size()];
    long toHash = 0;
    for (int i = 0; i < split.plans().size(); i++) {
      TorrentPlan p = split.plans().get(i);
      if (p.payloadBytes() == 0) {
        throw new MakeException("torrent " + p.name() + " would hold only empty files ("
            + p.files().size() + " files, 0 bytes); BitTorrent cannot carry it");
      }
      pieceLengths[i] = pieceLength(o, p, previous);
      reused[i] = previous == null ? 0 : previous.reusablePieces(p.name(), p.files(), pieceLengths[i]);
      List<HashJob.PayloadFile> pf = new ArrayList<>(p.files().size());
      for (ScannedFile f : p.files()) {
        pf.add(new HashJob.PayloadFile(f.path(), f.size()));
      }
      HashJob job = new HashJob(dataset, pf, pieceLengths[i], reused[i]);
      toHash += job.totalLength() - Math.min(job.totalLength(), reused[i] * pieceLengths[i]);
      jobs.add(job);
    }

    try (AtomicPublisher publisher = new AtomicPublisher(o.out())) {
      // The file list needs only the scan: write it while the pieces are hashed.
      CompletableFuture<Void> fileList = CompletableFuture.runAsync(() -> {
        try {
          long t = System.nanoTime();
          FileListWriter.write(publisher.staging().resolve(FILE_LIST), scan.files());
          log.accept(String.format("wrote %s in %.1f s", FILE_LIST, (System.nanoTime() - t) / 1e9));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, runnable -> {
        Thread th = new Thread(runnable, "sower-filelist");
        th.setDaemon(true);
        th.start();
      });
      try {
        return hashWriteAndPublish(o, new Prepared(t0, t1, dataset, name, scan, split, previous,
            jobs, pieceLengths, reused, toHash), publisher, fileList);
      } finally {
        // never delete the staging directory under a running writer
        try {
          fileList.join();
        } catch (RuntimeException ignored) {
          // reported by hashWriteAndPublish when it matters
        }
      }
    }
  }

  /** Everything decided before hashing. */
  private record Prepared(long t0, long t1, Path dataset, String name, DatasetScan scan,
      RangeSplitter.Split split, PreviousRelease previous, List<HashJob> jobs, long[] pieceLengths,
      int[] reused, long toHash) {}

  private MakeResult hashWriteAndPublish(MakeOptions o, Prepared prep, AtomicPublisher publisher,
      CompletableFuture<Void> fileList) throws IOException {
    final long t0 = prep.t0();
    final long t1 = prep.t1();
    final Path dataset = prep.dataset();
    final String name = prep.name();
    final DatasetScan scan = prep.scan();
    final RangeSplitter.Split split = prep.split();
    final PreviousRelease previous = prep.previous();
    final List<HashJob> jobs = prep.jobs();
    final long[] pieceLengths = prep.pieceLengths();
    final int[] reused = prep.reused();
    final long toHash = prep.toHash();
    progress.start("hashing", toHash);
    log.accept(String.format("hashing %d torrents, %d bytes on %d threads", jobs.size(), toHash,
        o.threads()));
    List<HashResult> hashes = new PieceHasher(o.threads(), false, progress.doneCounter()).hash(jobs);
    long t2 = System.nanoTime();
    progress.phase("checking files did not change");
    checkUnchanged(dataset, scan.files());
    log.accept(String.format("re-checked %d files in %.1f s", scan.files().size(),
        (System.nanoTime() - t2) / 1e9));

    progress.phase("writing");
    BuiltTorrent[] built = new BuiltTorrent[split.plans().size()];
    IntStream.range(0, built.length).parallel().forEach(i -> {
      TorrentPlan p = split.plans().get(i);
      byte[] pieces = hashes.get(i).pieces();
      if (reused[i] > 0) {
        System.arraycopy(previous.torrent(p.name()).pieces(), 0, pieces, 0, reused[i] * 20);
      }
      built[i] = BuiltTorrent.build(o, name, p, pieceLengths[i], pieces, reused[i]);
    });
    List<String> warnings = new ArrayList<>();
    TreeMap<String, TorrentsArchive.Member> torrentBytes = new TreeMap<>();
    List<Manifest.Torrent> entries = new ArrayList<>();
    List<TorrentState> states = new ArrayList<>();
    for (BuiltTorrent b : built) {
      for (String w : b.warnings()) {
        warnings.add(b.entry().name() + ": " + w);
        log.accept("warning: " + b.entry().name() + ": " + w);
      }
      torrentBytes.put(b.file(), new TorrentsArchive.Member(b.bytes(), b.piecesFrom(),
          b.piecesFrom() + b.entry().pieces() * 20));
      entries.add(b.entry());
      states.add(b.state());
    }
    ChangeSet changes = previous == null ? null : ChangeSet.between(previous.allFiles(), scan.files());
    Manifest manifest = manifest(o, name, scan, split, entries, changes, previous);
    long t25 = System.nanoTime();
    log.accept(String.format("encoded %d torrents in %.1f s", entries.size(), (t25 - t2) / 1e9));

    {
      Path dir = publisher.staging();
      for (var e : torrentBytes.entrySet()) {
        Files.write(dir.resolve(e.getKey()), e.getValue().bytes());
      }
      Files.createDirectory(dir.resolve(STATE_DIR));
      for (TorrentState s : states) {
        Files.write(dir.resolve(STATE_DIR).resolve(s.torrent() + ".state"), s.encode());
      }
      TorrentsArchive.write(dir.resolve(TORRENTS_ARCHIVE), torrentBytes,
          o.creationDate().orElse(0));
      log.accept(String.format("wrote %s in %.1f s", TORRENTS_ARCHIVE,
          (System.nanoTime() - t25) / 1e9));
      try {
        fileList.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw new MakeException("cannot write " + FILE_LIST + ": " + e.getCause(), e.getCause());
      }
      if (changes != null) {
        Manifest.prettyWriter().writeValue(dir.resolve(CHANGES).toFile(), changes.toJson());
        ByteArrayOutputStream removed = new ByteArrayOutputStream();
        for (byte[] r : changes.removed()) {
          FileListWriter.writeEscaped(removed, r);
          removed.write('\n');
        }
        Files.write(dir.resolve(REMOVED), removed.toByteArray());
      }
      Files.write(dir.resolve(Manifest.FILE), manifest.toJson());
      publisher.publish();
    }
    long t3 = System.nanoTime();
    progress.phase("done");
    log.accept(String.format("published %d torrents to %s in %.1f s", entries.size(), o.out(),
        (t3 - t0) / 1e9));
    return new MakeResult(o.out(), manifest, changes, Duration.ofNanos(t1 - t0),
        Duration.ofNanos(t2 - t1), Duration.ofNanos(t3 - t0), toHash, warnings);
  }

  private static Path checkLayout(Path dataset) {
    if (!Files.isDirectory(dataset)) {
      throw new MakeException("dataset " + dataset + " is not a directory");
    }
    Path real;
    try {
      real = dataset.toRealPath();
    } catch (IOException e) {
      throw new MakeException("dataset " + dataset + " cannot be read: " + e);
    }
    Path original = real.resolve(Layout.ORIGINAL);
    if (!Files.isDirectory(original, LinkOption.NOFOLLOW_LINKS)) {
      throw new MakeException("dataset " + dataset + " does not have the expected layout: "
          + original + " is not a directory (expected original/NNNN/ID.ext, 512px/NNNN/ID.jpg,"
          + " metadata/)");
    }
    return real;
  }

  private static String datasetName(MakeOptions o, Path dataset) {
    if (o.name() != null) {
      if (o.name().isEmpty() || o.name().contains("/") || o.name().equals(".")
          || o.name().equals("..")) {
        throw new MakeException("--name must be a single directory name, got \"" + o.name() + "\"");
      }
      return o.name();
    }
    byte[] n = RawPaths.nameBytes(dataset);
    if (!RawPaths.isUtf8(n)) {
      throw new MakeException("dataset directory name " + RawPaths.printable(n)
          + " is not valid UTF-8; give the torrents a name with --name");
    }
    return new String(n, StandardCharsets.UTF_8);
  }

  private static void checkPrevious(PreviousRelease p, String name, MakeOptions o) {
    Manifest m = p.manifest();
    if (!m.name().equals(name)) {
      throw new MakeException("--previous " + p.dir() + " is a release of \"" + m.name()
          + "\", not of \"" + name + "\" (use --name to keep the name)");
    }
    if (m.options().torrentsPerTree() != o.torrentsPerTree()) {
      throw new MakeException("--previous " + p.dir() + " was made with --torrents "
          + m.options().torrentsPerTree() + ", this make uses " + o.torrentsPerTree()
          + "; keep the same ranges or drop --previous");
    }
  }

  private static long pieceLength(MakeOptions o, TorrentPlan p, PreviousRelease previous) {
    if (o.pieceLength() > 0) {
      return o.pieceLength();
    }
    if (previous != null && previous.torrent(p.name()) != null) {
      long old = previous.torrent(p.name()).pieceLength();
      long pieces = (p.payloadBytes() + old - 1) / old;
      if (pieces <= PieceSizeRule.MAX_PIECES) {
        return old; // keep the old length: its hashes stay reusable and clients see one layout
      }
    }
    long list = 0;
    for (ScannedFile f : p.files()) {
      int comps = 1;
      for (byte b : f.path()) {
        if (b == '/') {
          comps++;
        }
      }
      list += PieceSizeRule.fileEntryBytes(f.path().length, comps);
    }
    return PieceSizeRule.auto(p.payloadBytes(), list);
  }

  /** Re-stats every file after hashing; any change of size, mtime or inode fails the make. */
  private static void checkUnchanged(Path root, List<ScannedFile> files) {
    ConcurrentLinkedQueue<String> changed = new ConcurrentLinkedQueue<>();
    IntStream.range(0, files.size()).parallel().forEach(i -> {
      ScannedFile f = files.get(i);
      try {
        long[] now = DatasetScanner.facts(f.resolve(root));
        if (now == null) {
          changed.add(f.printable() + " (vanished)");
        } else if (!f.sameFacts(now[0], now[1], now[2])) {
          changed.add(f.printable() + " (size, mtime or inode changed)");
        }
      } catch (IOException e) {
        changed.add(f.printable() + " (" + e + ")");
      }
    });
    if (!changed.isEmpty()) {
      List<String> list = new ArrayList<>(changed);
      list.sort(null);
      throw new MakeException(list.size() + " file(s) changed while the torrents were made, nothing"
          + " published; run make again when the dataset is quiet: "
          + String.join(", ", list.subList(0, Math.min(10, list.size())))
          + (list.size() > 10 ? ", ..." : ""));
    }
  }

  private static Manifest manifest(MakeOptions o, String name, DatasetScan scan,
      RangeSplitter.Split split, List<Manifest.Torrent> entries, ChangeSet changes,
      PreviousRelease previous) {
    List<OddFile> odd = new ArrayList<>(scan.odd());
    odd.addAll(split.odd());
    odd.sort((a, b) -> {
      int c = Arrays.compareUnsigned(a.path(), b.path());
      return c != 0 ? c : a.kind().compareTo(b.kind());
    });
    List<Manifest.Odd> oddOut = new ArrayList<>();
    for (OddFile f : odd) {
      oddOut.add(new Manifest.Odd(RawPaths.printable(f.path()), f.kind().name(),
          f.kind().description()));
    }
    long files = 0;
    long payload = 0;
    long pieces = 0;
    long tbytes = 0;
    long reusedTotal = 0;
    for (Manifest.Torrent t : entries) {
      files += t.files();
      payload += t.payloadBytes();
      pieces += t.pieces();
      tbytes += t.torrentBytes();
      reusedTotal += t.reusedPieces();
    }
    return new Manifest(Manifest.FORMAT, name,
        new Manifest.Scan(scan.files().size(), scan.bytes(), scan.directories(), oddOut),
        new Manifest.Options(o.torrentsPerTree(),
            o.pieceLength() == 0 ? "auto" : Long.toString(o.pieceLength()), o.announce(),
            o.webSeeds(), o.creationDate().isPresent() ? o.creationDate().getAsLong() : null),
        entries, split.emptyRanges(),
        new Manifest.Totals(entries.size(), files, payload, pieces, tbytes, reusedTotal),
        changes == null ? null : new Manifest.Previous(previous.manifest().name(),
            changes.added().size(), changes.removed().size(), changes.modified().size()));
  }
}
