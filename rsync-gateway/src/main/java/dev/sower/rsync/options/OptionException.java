package dev.sower.rsync.options;

/**
 * The argument vector cannot be accepted. The message is what rsyncd would print (without
 * the "rsync: " prefix) and {@link #exitCode()} the code it exits with.
 */
public final class OptionException extends Exception {
  private final int exitCode;

  public OptionException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
