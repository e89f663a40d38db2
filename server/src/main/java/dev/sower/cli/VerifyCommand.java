package dev.sower.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code sower verify}: Recheck a dataset against its torrents and report bad or missing files and pieces. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Recheck a dataset against its torrents and report bad or missing files and pieces.")
final class VerifyCommand implements Callable<Integer> {
  /** Accepted and ignored until the command lands, so any call gets the same clear refusal. */
  @Unmatched
  List<String> ignored;

  @Override
  public Integer call() {
    throw NotYetAvailable.of("verify", "issue #4");
  }
}
