package dev.sower.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code sower select}: Query the metadata and print a file list for rsync --files-from or torrent file selection. */
@Command(name = "select", mixinStandardHelpOptions = true,
    description = "Query the metadata and print a file list for rsync --files-from or torrent file selection.")
final class SelectCommand implements Callable<Integer> {
  /** Accepted and ignored until the command lands, so any call gets the same clear refusal. */
  @Unmatched
  List<String> ignored;

  @Override
  public Integer call() {
    throw NotYetAvailable.of("select", "issue #9");
  }
}
