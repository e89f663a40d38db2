package dev.sower.server.tracker;

/** The {@code event} parameter of an announce (BEP 3). */
public enum AnnounceEvent {
  NONE(""), STARTED("started"), STOPPED("stopped"), COMPLETED("completed"),
  /** BEP 21: a partial seed; treated like a regular update. */
  PAUSED("paused");

  private final String wire;

  AnnounceEvent(String wire) {
    this.wire = wire;
  }

  static AnnounceEvent of(String value) throws TrackerException {
    if (value == null) {
      return NONE;
    }
    for (AnnounceEvent e : values()) {
      if (e.wire.equals(value)) {
        return e;
      }
    }
    throw new TrackerException("unknown event: " + value);
  }
}
