package dev.sower.torrent;

import dev.sower.dataset.RawPaths;
import dev.sower.torrent.hash.HashJob;
import dev.sower.torrent.hash.HashResult;
import dev.sower.torrent.hash.PieceHasher;
import dev.sower.torrent.meta.Manifest;
import dev.sower.torrent.meta.TorrentFile;
import dev.sower.torrent.scan.DatasetScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code sower verify}: rehashes the dataset against its torrents with the same parallel hasher as
 * make and reports every bad piece, missing file and file of the wrong size.
 */
public final class Verifier {
  private final Consumer<String> log;
  private final Progress progress;
  private final int threads;

  public Verifier(Consumer<String> log, Progress progress, int threads) {
    this.log = log;
    this.progress = progress;
    this.threads = threads;
  }

  /**
   * Verifies {@code dataset} against the torrents in {@code torrentsDir} (those the manifest lists,
   * or every {@code *.torrent} without a manifest); {@code only} restricts to those torrent names.
   */
  public VerifyResult verify(Path dataset, Path torrentsDir, List<String> only) throws IOException {
    if (!Files.isDirectory(dataset)) {
      throw new MakeException("dataset " + dataset + " is not a directory");
    }
    List<Path> files = torrentFiles(torrentsDir);
    List<String> names = new ArrayList<>();
    List<TorrentFile> torrents = new ArrayList<>();
    for (Path f : files) {
      String n = f.getFileName().toString().replaceFirst("\\.torrent$", "");
      if (!only.isEmpty() && !only.contains(n)) {
        continue;
      }
      try {
        torrents.add(TorrentFile.read(f));
      } catch (RuntimeException e) {
        throw new MakeException("cannot read torrent " + f + ": " + e.getMessage(), e);
      }
      names.add(n);
    }
    for (String n : only) {
      if (!names.contains(n)) {
        throw new MakeException("no torrent named " + n + " in " + torrentsDir);
      }
    }
    if (torrents.isEmpty()) {
      throw new MakeException("no .torrent files in " + torrentsDir);
    }
    List<HashJob> jobs = new ArrayList<>();
    long total = 0;
    for (TorrentFile t : torrents) {
      List<HashJob.PayloadFile> pf = new ArrayList<>();
      for (TorrentFile.Entry e : t.files()) {
        pf.add(new HashJob.PayloadFile(e.path(), e.length()));
      }
      jobs.add(new HashJob(dataset, pf, t.pieceLength(), 0));
      total += t.totalLength();
    }
    progress.start("verifying", total);
    log.accept("verifying " + torrents.size() + " torrents, " + total + " bytes");
    List<HashResult> results = new PieceHasher(threads, true, progress.doneCounter()).hash(jobs);
    List<VerifyResult.TorrentReport> reports = new ArrayList<>();
    for (int i = 0; i < torrents.size(); i++) {
      reports.add(report(dataset, names.get(i), torrents.get(i), results.get(i)));
    }
    progress.phase("done");
    return new VerifyResult(reports, total);
  }

  private static VerifyResult.TorrentReport report(Path dataset, String name, TorrentFile t,
      HashResult r) throws IOException {
    List<Integer> bad = new ArrayList<>();
    for (int p = 0; p < t.pieceCount(); p++) {
      boolean match = Arrays.equals(r.pieces(), p * 20, p * 20 + 20, t.pieces(), p * 20, p * 20 + 20);
      if (!match || r.unreadable().get(p)) {
        bad.add(p);
      }
    }
    List<String> missing = new ArrayList<>();
    List<String> wrongSize = new ArrayList<>();
    for (TorrentFile.Entry e : t.files()) {
      long[] facts = DatasetScanner.facts(RawPaths.resolve(dataset, e.path()));
      if (facts == null) {
        missing.add(RawPaths.printable(e.path()));
      } else if (facts[0] != e.length()) {
        wrongSize.add(RawPaths.printable(e.path()) + ": " + facts[0] + " bytes, expected "
            + e.length());
      }
    }
    TreeSet<String> badFiles = new TreeSet<>();
    int fi = 0;
    for (int p : bad) {
      long from = p * t.pieceLength();
      long to = Math.min(t.totalLength(), from + t.pieceLength());
      while (fi > 0 && t.files().get(fi).offset() > from) {
        fi--;
      }
      for (int k = fi; k < t.files().size(); k++) {
        TorrentFile.Entry e = t.files().get(k);
        if (e.offset() >= to) {
          break;
        }
        if (e.length() > 0 && e.offset() + e.length() > from) {
          badFiles.add(RawPaths.printable(e.path()));
          fi = k;
        }
      }
    }
    return new VerifyResult.TorrentReport(name, t.pieceCount(), bad, missing, wrongSize,
        new ArrayList<>(badFiles));
  }

  private static List<Path> torrentFiles(Path dir) throws IOException {
    Path mf = dir.resolve(Manifest.FILE);
    List<Path> out = new ArrayList<>();
    if (Files.isRegularFile(mf)) {
      for (Manifest.Torrent t : Manifest.read(mf).torrents()) {
        out.add(dir.resolve(t.file()));
      }
      return out;
    }
    if (!Files.isDirectory(dir)) {
      throw new MakeException("--torrents " + dir + " is not a directory");
    }
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.getFileName().toString().endsWith(".torrent")).sorted().forEach(out::add);
    }
    return out;
  }
}
