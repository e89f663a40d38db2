package dev.sower.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code sower make}: Make BitTorrent torrents, the file list and the manifest for a dataset release. */
@Command(name = "make", mixinStandardHelpOptions = true,
    description = "Make BitTorrent torrents, the file list and the manifest for a dataset release.")
final class MakeCommand implements Callable<Integer> {
  /** Accepted and ignored until the command lands, so any call gets the same clear refusal. */
  @Unmatched
  List<String> ignored;

  @Override
  public Integer call() {
    throw NotYetAvailable.of("make", "issue #4");
  }
}
