package dev.sower.cli;

import dev.sower.torrent.MakeException;
import dev.sower.torrent.Progress;
import dev.sower.torrent.Verifier;
import dev.sower.torrent.VerifyResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sower verify}: Recheck a dataset against its torrents and report bad or missing files and pieces. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {
      "Recheck a dataset against its torrents and report bad or missing files and pieces.",
      "Exits 1 when anything does not match."
    })
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "Dataset directory.")
  Path dataset;

  @Option(names = "--torrents", required = true, paramLabel = "OUT",
      description = "Output directory of sower make (or any directory of .torrent files).")
  Path torrents;

  @Option(names = "--torrent", paramLabel = "NAME",
      description = "Check only this torrent, e.g. original-0000-0099 (repeatable).")
  List<String> only = new ArrayList<>();

  @Option(names = "--threads", paramLabel = "N", description = "Hashing threads (default: cores).")
  Integer threads;

  @Override
  public Integer call() throws IOException {
    PrintWriter o = spec.commandLine().getOut();
    Progress progress = new Progress();
    VerifyResult r;
    long t0 = System.nanoTime();
    try (ProgressPrinter printer = new ProgressPrinter(progress, o)) {
      r = new Verifier(line -> {
        synchronized (o) {
          o.println(line);
          o.flush();
        }
      }, progress, threads != null ? threads : Runtime.getRuntime().availableProcessors())
          .verify(dataset, torrents, only);
    } catch (MakeException e) {
      throw new CommandFailedException(ExitCode.FAILURE, "sower verify: " + e.getMessage());
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    int badPieces = 0;
    for (VerifyResult.TorrentReport t : r.torrents()) {
      badPieces += t.badPieces().size();
      o.printf("%-22s %s%n", t.name(), t.ok() ? "ok (" + t.pieces() + " pieces)"
          : "BAD: " + t.badPieces().size() + " of " + t.pieces() + " pieces");
      for (String f : t.missingFiles()) {
        o.println("  missing      " + f);
      }
      for (String f : t.wrongSizeFiles()) {
        o.println("  wrong size   " + f);
      }
      for (String f : t.badFiles()) {
        o.println("  in bad piece " + f);
      }
      if (!t.badPieces().isEmpty()) {
        o.println("  bad pieces   " + ranges(t.badPieces()));
      }
    }
    o.printf(java.util.Locale.ROOT, "verified %d torrents, %s in %.2f s: %s%n", r.torrents().size(),
        Sizes.human(r.checkedBytes()), secs,
        r.ok() ? "all pieces match" : badPieces + " bad pieces");
    o.flush();
    return r.ok() ? ExitCode.OK.code() : ExitCode.FAILURE.code();
  }

  private static String ranges(List<Integer> pieces) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < pieces.size()) {
      int j = i;
      while (j + 1 < pieces.size() && pieces.get(j + 1) == pieces.get(j) + 1) {
        j++;
      }
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(pieces.get(i));
      if (j > i) {
        sb.append('-').append(pieces.get(j));
      }
      i = j + 1;
    }
    return sb.toString();
  }
}
