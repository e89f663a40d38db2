package dev.sower.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code sower serve}: Seed the torrents and serve the rsync module from one daemon. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Seed the torrents and serve the rsync module from one daemon.")
final class ServeCommand implements Callable<Integer> {
  /** Accepted and ignored until the command lands, so any call gets the same clear refusal. */
  @Unmatched
  List<String> ignored;

  @Override
  public Integer call() {
    throw NotYetAvailable.of("serve", "issues #5 and #7");
  }
}
