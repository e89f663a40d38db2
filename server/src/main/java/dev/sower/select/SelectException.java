package dev.sower.select;

/** A selection stopped: unreadable or truncated input, a bad line without --skip-bad, I/O error. */
public class SelectException extends Exception {
  private static final long serialVersionUID = 1L;

  public SelectException(String message) {
    super(message);
  }

  public SelectException(String message, Throwable cause) {
    super(message, cause);
  }
}
