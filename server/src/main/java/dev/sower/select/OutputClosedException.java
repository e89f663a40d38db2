package dev.sower.select;

/**
 * The reader of the output went away ({@code sower select ... | head}): the selection stopped
 * reading its input. Not an error for a filter; the command exits quietly with 141, the status a
 * shell reports for {@code grep} or {@code seq} killed by SIGPIPE in the same place.
 */
public final class OutputClosedException extends SelectException {
  private static final long serialVersionUID = 1L;

  public OutputClosedException() {
    super("output closed by its reader");
  }
}
