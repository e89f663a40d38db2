package dev.sower.cli;

/** A command failed for a reason the user can act on; the message is printed as is. */
public class CommandFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ExitCode exitCode;

  public CommandFailedException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CommandFailedException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
