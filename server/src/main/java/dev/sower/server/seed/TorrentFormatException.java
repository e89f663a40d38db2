package dev.sower.server.seed;

import java.io.IOException;

/** A .torrent file that is not a well-formed v1 torrent Sower can seed. */
public final class TorrentFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public TorrentFormatException(String message) {
    super(message);
  }
}
