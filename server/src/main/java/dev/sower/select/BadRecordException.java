package dev.sower.select;

/** A metadata line that is not a JSON object or holds a field value of the wrong kind. */
public final class BadRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  public BadRecordException(String message) {
    super(message);
  }
}
