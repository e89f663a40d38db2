package dev.sower.cli;

import dev.sower.dataset.sample.SampleGenerator;
import dev.sower.dataset.sample.SampleOptions;
import dev.sower.dataset.sample.SampleSummary;
import dev.sower.dataset.sample.UpdateSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sower sample}: writes a synthetic release shaped like the reference dataset. */
@Command(name = "sample", mixinStandardHelpOptions = true,
    description = {
      "Generate a sample dataset release shaped like the reference case.",
      "With --update-from, write the next year's release of an existing one.",
      "The same seed always gives the same bytes."
    })
final class SampleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Directory to create (must not exist or be empty).")
  Path out;

  @Option(names = "--images", paramLabel = "N", defaultValue = "" + SampleOptions.DEFAULT_IMAGES,
      description = "Number of images (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "" + SampleOptions.DEFAULT_SEED,
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--year", paramLabel = "YYYY", defaultValue = "" + SampleOptions.DEFAULT_YEAR,
      description = "Release year (default: ${DEFAULT-VALUE}).")
  int year;

  @Option(names = "--mean-kib", paramLabel = "KIB", defaultValue = "" + SampleOptions.DEFAULT_MEAN_KIB,
      description = "Rough mean size of an original image in KiB (default: ${DEFAULT-VALUE}).")
  int meanKib;

  @Option(names = "--update-from", paramLabel = "OLD_DIR",
      description = "Write the release that follows the one in OLD_DIR: ~10% new IDs, ~0.5% removed,"
          + " a few re-encoded, metadata replaced.")
  Path updateFrom;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    SampleGenerator generator = new SampleGenerator(line -> {
      synchronized (out) {
        out.println(line);
        out.flush();
      }
    });
    if (updateFrom != null) {
      if (spec.commandLine().getParseResult().hasMatchedOption("--images")
          || spec.commandLine().getParseResult().hasMatchedOption("--year")) {
        throw new CommandFailedException(ExitCode.USAGE,
            "sower sample: --images and --year do not go with --update-from (the old release sets them)");
      }
      UpdateSummary s = generator.update(updateFrom, this.out, seed);
      printUpdate(out, s);
    } else {
      SampleOptions options;
      try {
        options = new SampleOptions(this.out, images, seed, year, meanKib);
      } catch (IllegalArgumentException e) {
        throw new CommandFailedException(ExitCode.USAGE, "sower sample: " + e.getMessage());
      }
      SampleSummary s = generator.generate(options);
      printSample(out, s);
    }
    return ExitCode.OK.code();
  }

  private void printSample(PrintWriter out, SampleSummary s) {
    out.printf("release %d written to %s%n", s.year(), this.out);
    out.printf("  images    %d in the metadata%n", s.images());
    out.printf("  original  %d files, %s%n", s.originalFiles(), Sizes.human(s.originalBytes()));
    out.printf("  512px     %d files, %s%n", s.subsetFiles(), Sizes.human(s.subsetBytes()));
    out.printf("  metadata  metadata/metadata.json.tar.xz, %s%n", Sizes.human(s.metadataBytes()));
    out.printf("  odd files %d%n", s.oddFiles().size());
    for (String odd : s.oddFiles()) {
      out.printf("    %s%n", odd);
    }
  }

  private void printUpdate(PrintWriter out, UpdateSummary s) {
    out.printf("release %d written to %s (from release %d in %s)%n", s.newYear(), this.out,
        s.oldYear(), updateFrom);
    out.printf("  added       %d images (%d files, %s)%n", s.addedImages(),
        s.added().size(), Sizes.human(s.addedBytes()));
    out.printf("  removed     %d images (%d files)%n", s.removedImages(), s.removed().size());
    out.printf("  re-encoded  %d images%n", s.reencodedImages());
    out.printf("  modified    %d files%n", s.modified().size());
    for (String p : s.removed()) {
      out.printf("    - %s%n", p);
    }
    for (String p : s.modified()) {
      out.printf("    M %s%n", p);
    }
  }
}
