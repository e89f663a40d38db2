package dev.sower.rsync.wire;

/** Multiplexed message codes (rsync.h {@code enum msgcode}); frame header = (7 + code) << 24 | length. */
public enum MessageTag {
  DATA(0),
  ERROR_XFER(1),
  INFO(2),
  ERROR(3),
  WARNING(4),
  ERROR_SOCKET(5),
  LOG(6),
  CLIENT(7),
  REDO(9),
  STATS(10),
  IO_ERROR(22),
  IO_TIMEOUT(33),
  NOOP(42),
  ERROR_EXIT(86),
  SUCCESS(100),
  DELETED(101),
  NO_SEND(102);

  /** The offset added to the code in the frame header's top byte (io.c {@code MPLEX_BASE}). */
  public static final int MPLEX_BASE = 7;

  private final int code;

  MessageTag(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The tag for a header's top byte; rejects values rsync does not define. */
  public static MessageTag ofHeaderByte(int topByte) throws ProtocolException {
    int code = topByte - MPLEX_BASE;
    for (MessageTag t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new ProtocolException("unexpected multiplexed message code " + code);
  }
}
