package dev.sower.cli;

/** Exit codes of every {@code sower} command; documented in the README and in {@code --help}. */
public enum ExitCode {
  /** The command did what was asked. */
  OK(0),
  /** The command ran and failed: bad data found, I/O error, a check that did not pass. */
  FAILURE(1),
  /** The command line was wrong: unknown option, missing or malformed value. */
  USAGE(2),
  /** The command exists but is not available in this build yet. */
  UNAVAILABLE(69),
  /** Stopped by SIGINT/SIGTERM before it finished. */
  INTERRUPTED(130);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The numeric process exit status. */
  public int code() {
    return code;
  }
}
