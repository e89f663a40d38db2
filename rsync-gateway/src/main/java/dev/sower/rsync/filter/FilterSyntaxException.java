package dev.sower.rsync.filter;

/** A filter rule that rsync itself would reject; the message uses rsync's wording. */
public final class FilterSyntaxException extends Exception {
  public FilterSyntaxException(String message) {
    super(message);
  }
}
