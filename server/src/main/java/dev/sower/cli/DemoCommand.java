package dev.sower.cli;

import dev.sower.dataset.sample.SampleGenerator;
import dev.sower.dataset.sample.SampleOptions;
import dev.sower.torrent.meta.Manifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sower demo}: the sample dataset, its torrents and a server, in one command. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
      "Run a demo: sample dataset, its torrents, and a server for them.",
      "Generates the sample dataset once, makes its torrents and serves them over BitTorrent",
      "and rsync on unprivileged loopback ports, printing copy-paste client commands.",
      "Ctrl-C stops it."
    })
final class DemoCommand implements Callable<Integer> {
  static final String MODULE = "sower";

  @Spec CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "demo-data",
      description = "Working directory for the demo (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--images", paramLabel = "N", defaultValue = "" + SampleOptions.DEFAULT_IMAGES,
      description = "Images in the sample dataset when it is generated (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(names = "--http-port", paramLabel = "N", defaultValue = "8080",
      description = "HTTP port: tracker, .torrent files, metrics (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--rsync-port", paramLabel = "N", defaultValue = "8730",
      description = "rsync daemon port (default: ${DEFAULT-VALUE}).")
  int rsyncPort;

  @Option(names = "--bt-port", paramLabel = "N", defaultValue = "6881",
      description = "BitTorrent port (default: ${DEFAULT-VALUE}).")
  int btPort;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    for (int port : new int[] {httpPort, rsyncPort, btPort}) {
      if (port < 1 || port > 65535) {
        throw new CommandFailedException(ExitCode.USAGE,
            "sower demo: ports must be 1-65535, not " + port);
      }
    }
    Path dataset = dir.resolve("dataset");
    Path torrents = dir.resolve("torrents");
    String host = "127.0.0.1";
    String http = "http://" + host + ":" + httpPort;
    String announce = http + "/announce";
    if (Files.isDirectory(dataset)) {
      out.printf("using the sample dataset in %s%n", dataset);
    } else {
      out.printf("generating the sample dataset (%d images) in %s ...%n", images, dataset);
      out.flush();
      new SampleGenerator(line -> { }).generate(new SampleOptions(dataset, images,
          SampleOptions.DEFAULT_SEED, SampleOptions.DEFAULT_YEAR, SampleOptions.DEFAULT_MEAN_KIB));
    }
    if (announces(torrents).equals(List.of(announce))) {
      out.printf("using the torrents in %s%n", torrents);
    } else {
      out.printf("making the torrents in %s (announce %s) ...%n", torrents, announce);
      out.flush();
      int code = SowerCli.run(out, "make", "--dataset", dataset.toString(), "--out",
          torrents.toString(), "--announce", announce);
      if (code != 0) {
        throw new CommandFailedException(ExitCode.FAILURE, "sower demo: making the torrents"
            + " failed (see above)");
      }
    }
    ServePlan plan = ServePlan.resolve(new ServePlan.Flags(null, dataset, MODULE, torrents,
        host, btPort, host + ":" + httpPort, host + ":" + rsyncPort, false, false,
        dir.resolve("state")));
    ServeRuntime runtime = ServeRuntime.start(plan);
    printGuide(out, torrents, http);
    CountDownLatch stop = new CountDownLatch(1);
    return ServeCommand.runUntilStopped(runtime, out, stop, () -> torrents);
  }

  private static List<String> announces(Path torrents) {
    try {
      return Manifest.read(torrents.resolve(Manifest.FILE)).options().announce();
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  private void printGuide(PrintWriter out, Path torrents, String http) throws IOException {
    Manifest m = Manifest.read(torrents.resolve(Manifest.FILE));
    Manifest.Torrent small = m.torrents().stream()
        .min(Comparator.comparingLong(Manifest.Torrent::payloadBytes)).orElseThrow();
    String rsync = "rsync://127.0.0.1:" + rsyncPort + "/" + MODULE + "/";
    Path download = dir.resolve("download").toAbsolutePath();
    // rsync creates only the last directory of its destination: the guide's copy must work
    Files.createDirectories(download);
    out.println();
    out.println("Sower demo is running (Ctrl-C stops it).");
    out.println("  rsync URL:  " + rsync);
    out.println("  torrents:   " + http + "/torrents/NAME.torrent (" + m.torrents().size()
        + " torrents, all in " + http + "/torrents.tar.xz)");
    out.println("  file list:  " + http + "/filelist.txt.xz");
    out.println("  metrics:    " + http + "/metrics    health: " + http + "/health");
    out.println();
    out.println("Try, in another terminal:");
    out.println("  rsync --list-only " + rsync);
    out.println("  rsync -r --list-only " + rsync + "metadata/");
    out.println("  rsync -rtv " + rsync + "metadata/ " + download.resolve("rsync") + "/");
    out.println("  aria2c --enable-dht=false --bt-enable-lpd=false --seed-time=0 -d "
        + download.resolve("aria2") + " " + http + "/torrents/" + small.file());
    out.println("  curl -s " + http + "/metrics | grep '^sower_bt'");
    out.println();
    out.flush();
  }
}
