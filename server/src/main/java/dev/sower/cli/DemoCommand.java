package dev.sower.cli;

import dev.sower.dataset.sample.SampleGenerator;
import dev.sower.dataset.sample.SampleOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sower demo}: the sample dataset, its torrents and a server, in one command. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
      "Run a demo: sample dataset, its torrents, and a server for them.",
      "Generates the sample dataset once, makes its torrents and serves them over BitTorrent",
      "and rsync on unprivileged ports, printing copy-paste client commands. Ctrl-C stops it."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "demo-data",
      description = "Working directory for the demo (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--images", paramLabel = "N", defaultValue = "" + SampleOptions.DEFAULT_IMAGES,
      description = "Images in the sample dataset when it is generated (default: ${DEFAULT-VALUE}).")
  int images;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path dataset = dir.resolve("dataset");
    if (Files.isDirectory(dataset)) {
      out.printf("using the sample dataset in %s%n", dataset);
    } else {
      out.printf("generating the sample dataset (%d images) in %s ...%n", images, dataset);
      new SampleGenerator(line -> { }).generate(new SampleOptions(dataset, images,
          SampleOptions.DEFAULT_SEED, SampleOptions.DEFAULT_YEAR, SampleOptions.DEFAULT_MEAN_KIB));
      out.printf("sample dataset ready in %s%n", dataset);
    }
    out.println();
    out.println("Not yet available in this build:");
    out.println("  torrents     (sower make, issue #4)");
    out.println("  rsync module (sower serve, issue #5)");
    out.println("  seeding      (sower serve, issue #7)");
    out.println("The dataset above is ready for them; see README.md.");
    out.flush();
    return ExitCode.OK.code();
  }
}
