package dev.sower.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sower serve}: Seed the torrents and serve the rsync module from one daemon. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Seed the torrents and serve the rsync module from one daemon.")
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dataset", required = true, paramLabel = "DIR",
      description = "Dataset directory to publish.")
  Path dataset;

  @Option(names = "--module", required = true, paramLabel = "NAME",
      description = "rsync module name clients ask for (rsync://HOST:PORT/NAME/).")
  String module;

  @Option(names = "--rsync-listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:873",
      description = "Address of the rsync daemon (default: ${DEFAULT-VALUE}).")
  String rsyncListen;

  @Option(names = "--no-bittorrent",
      description = "Serve rsync only, without seeding torrents.")
  boolean noBittorrent;

  @Override
  public Integer call() throws InterruptedException {
    if (!noBittorrent) {
      throw new CommandFailedException(ExitCode.UNAVAILABLE, "sower serve: BitTorrent seeding"
          + " not yet available in this build; add --no-bittorrent to serve rsync only");
    }
    if (!Files.isDirectory(dataset)) {
      throw new CommandFailedException(ExitCode.USAGE,
          "sower serve: --dataset " + dataset + " is not a directory");
    }
    InetSocketAddress listen;
    try {
      listen = RsyncGatewayWiring.parseListen(rsyncListen);
    } catch (IllegalArgumentException e) {
      throw new CommandFailedException(ExitCode.USAGE, "sower serve: --rsync-listen: "
          + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stopped = new CountDownLatch(1);
    RsyncGatewayWiring gateway;
    try {
      gateway = RsyncGatewayWiring.start(dataset, module, listen);
    } catch (IOException | IllegalArgumentException e) {
      throw new CommandFailedException(ExitCode.FAILURE,
          "sower serve: cannot start the rsync gateway on " + rsyncListen + ": " + e.getMessage(),
          e);
    }
    Thread hook = new Thread(() -> {
      gateway.close();
      stopped.countDown();
    }, "sower-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    for (InetSocketAddress a : gateway.addresses()) {
      out.println("rsync gateway serving module " + module + " from " + dataset + " on "
          + a.getAddress().getHostAddress() + ":" + a.getPort());
    }
    out.flush();
    try {
      stopped.await();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
        gateway.close();
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook closes the gateway
      }
    }
    return ExitCode.OK.code();
  }
}
