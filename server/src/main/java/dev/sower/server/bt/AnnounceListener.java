package dev.sower.server.bt;

import java.time.Duration;

/** Told about every announce the seeder sends to a tracker, from the thread that sent it. */
@FunctionalInterface
public interface AnnounceListener {
  /** How one announce ended. */
  enum Outcome { SUCCESS, FAILURE, TIMEOUT }

  AnnounceListener NONE = (infoHashHex, trackerUrl, outcome, took) -> { };

  /**
   * One announce (start, periodic, complete or stopped) to {@code trackerUrl} for the torrent
   * with info-hash {@code infoHashHex} (lower-case hex) ended with {@code outcome} after
   * {@code took}.
   */
  void announced(String infoHashHex, String trackerUrl, Outcome outcome, Duration took);
}
