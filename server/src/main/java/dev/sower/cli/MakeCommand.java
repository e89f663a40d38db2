package dev.sower.cli;

import dev.sower.torrent.MakeException;
import dev.sower.torrent.MakeOptions;
import dev.sower.torrent.MakeResult;
import dev.sower.torrent.Progress;
import dev.sower.torrent.TorrentMaker;
import dev.sower.torrent.meta.Manifest;
import dev.sower.torrent.plan.PieceSizeRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sower make}: Make BitTorrent torrents, the file list and the manifest for a dataset release. */
@Command(name = "make", mixinStandardHelpOptions = true,
    description = {
      "Make BitTorrent torrents, the file list and the manifest for a dataset release.",
      "One v1 torrent per bucket range of original/ and 512px/, one for metadata/ and other"
          + " top-level files; all share the dataset's name as top-level directory.",
      "Writes OUT atomically: *.torrent, torrents.tar.xz, filelist.txt.xz, manifest.json, state/,"
          + " and with --previous changes.json and removed.txt."
    })
final class MakeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "Dataset directory.")
  Path dataset;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Output directory; replaced atomically (must be absent, empty or an earlier output).")
  Path out;

  @Option(names = "--previous", paramLabel = "DIR",
      description = "Output of the previous release: write changes.json and removed.txt, keep its"
          + " piece length, reuse hashes of unchanged leading pieces.")
  Path previous;

  @Option(names = "--torrents", paramLabel = "N", defaultValue = "" + MakeOptions.DEFAULT_TORRENTS,
      description = "Bucket ranges per image tree (default: ${DEFAULT-VALUE}).")
  int torrents;

  @Option(names = "--piece-size", paramLabel = "auto|SIZE", defaultValue = "auto",
      description = "Piece length: auto (1k-200k pieces per torrent) or a power of two from 16K to"
          + " 64M (default: ${DEFAULT-VALUE}).")
  String pieceSize;

  @Option(names = "--announce", paramLabel = "URL",
      description = {"Tracker URL (repeatable). Default: the embedded tracker of 'sower serve' on",
          "this host, http://THIS_HOST:8080/announce; give the public name seeders use."})
  List<String> announce = new ArrayList<>();

  @Option(names = "--no-announce",
      description = "No tracker in the torrents (trackerless: DHT and web seeds only).")
  boolean noAnnounce;

  @Option(names = "--web-seed", paramLabel = "URL",
      description = "BEP 19 web seed base URL (repeatable).")
  List<String> webSeeds = new ArrayList<>();

  @Option(names = "--name", paramLabel = "NAME",
      description = "Top-level directory name of the torrents (default: the dataset directory's name).")
  String name;

  @Option(names = "--creation-date", paramLabel = "EPOCH_SECONDS",
      description = "Write this creation date into the torrents (default: none, for reproducibility).")
  Long creationDate;

  @Option(names = "--threads", paramLabel = "N",
      description = "Hashing threads (default: number of cores).")
  Integer threads;

  @Override
  public Integer call() throws IOException {
    PrintWriter o = spec.commandLine().getOut();
    long pieceLength;
    try {
      pieceLength = PieceSizeRule.parse(pieceSize);
    } catch (IllegalArgumentException e) {
      throw new CommandFailedException(ExitCode.USAGE, "sower make: " + e.getMessage());
    }
    if (torrents < 1 || torrents > 1000) {
      throw new CommandFailedException(ExitCode.USAGE,
          "sower make: --torrents must be between 1 and 1000, got " + torrents);
    }
    if (noAnnounce && !announce.isEmpty()) {
      throw new CommandFailedException(ExitCode.USAGE,
          "sower make: --no-announce and --announce exclude each other");
    }
    if (announce.isEmpty() && !noAnnounce) {
      announce = List.of(DefaultAnnounce.url());
      o.println("announce URL: " + announce.get(0) + " (the embedded tracker of 'sower serve' on"
          + " this host; use --announce http://PUBLIC_HOST:PORT/announce to change it)");
    }
    MakeOptions options = new MakeOptions(dataset, out, previous, torrents, pieceLength, announce,
        webSeeds, name, creationDate == null ? OptionalLong.empty() : OptionalLong.of(creationDate),
        threads != null ? threads : Runtime.getRuntime().availableProcessors());
    Progress progress = new Progress();
    MakeResult r;
    try (ProgressPrinter printer = new ProgressPrinter(progress, o)) {
      r = new TorrentMaker(line -> {
        synchronized (o) {
          o.println(line);
          o.flush();
        }
      }, progress).make(options);
    } catch (MakeException e) {
      throw new CommandFailedException(ExitCode.FAILURE, "sower make: " + e.getMessage());
    }
    print(o, r);
    return ExitCode.OK.code();
  }

  private static void print(PrintWriter o, MakeResult r) {
    Manifest m = r.manifest();
    o.printf("%-22s %8s %8s %10s %10s %8s %s%n", "torrent", "files", "pieces", "piece", "payload",
        "reused", "info-hash");
    for (Manifest.Torrent t : m.torrents()) {
      o.printf("%-22s %8d %8d %10s %10s %8d %s%n", t.name(), t.files(), t.pieces(),
          Sizes.human(t.pieceLength()), Sizes.human(t.payloadBytes()), t.reusedPieces(),
          t.infoHash());
    }
    double secs = r.totalTime().toNanos() / 1e9;
    double hashSecs = Math.max(1e-9, r.hashTime().toNanos() / 1e9);
    o.printf(Locale.ROOT, "%d torrents, %d files, %s; hashed %s in %.2f s (%s/s); total %.2f s%n",
        m.totals().torrents(), m.totals().files(), Sizes.human(m.totals().payloadBytes()),
        Sizes.human(r.hashedBytes()), hashSecs, Sizes.human((long) (r.hashedBytes() / hashSecs)),
        secs);
    o.printf("odd files: %d%n", m.scan().oddFiles().size());
    if (m.previous() != null) {
      o.printf("since the previous release: %d added, %d removed, %d modified; %d pieces reused%n",
          m.previous().added(), m.previous().removed(), m.previous().modified(),
          m.totals().reusedPieces());
    }
    for (String w : r.warnings()) {
      o.println("warning: " + w);
    }
  }
}
