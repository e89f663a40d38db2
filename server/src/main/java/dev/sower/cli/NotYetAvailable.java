package dev.sower.cli;

/** Thrown by commands whose implementation has not landed yet; never prints fake output. */
final class NotYetAvailable {
  private NotYetAvailable() {}

  static CommandFailedException of(String command, String issue) {
    return new CommandFailedException(ExitCode.UNAVAILABLE,
        "sower " + command + ": not yet available in this build (" + issue + ")");
  }
}
