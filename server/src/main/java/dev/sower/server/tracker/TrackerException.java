package dev.sower.server.tracker;

/** A request the tracker refuses; the message becomes the bencoded "failure reason". */
public final class TrackerException extends Exception {
  private static final long serialVersionUID = 1L;

  public TrackerException(String message) {
    super(message);
  }
}
