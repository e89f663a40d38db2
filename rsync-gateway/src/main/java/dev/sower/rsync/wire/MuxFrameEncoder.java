package dev.sower.rsync.wire;

import java.nio.charset.StandardCharsets;

/** Writes multiplexed frames (io.c {@code send_msg}); DATA is cut into frames of at most 32 KiB. */
public final class MuxFrameEncoder {
  /** Largest DATA payload per frame; rsync's own output buffer is this size. */
  public static final int MAX_DATA_CHUNK = 32 * 1024;

  private MuxFrameEncoder() {}

  private static void header(WireBuffer out, MessageTag tag, int length) {
    out.putInt(((MessageTag.MPLEX_BASE + tag.code()) << 24) | length);
  }

  /** One frame of any tag; the payload must fit in 24 bits. */
  public static void frame(WireBuffer out, MessageTag tag, byte[] payload, int off, int len) {
    if (len > 0xFFFFFF) {
      throw new IllegalArgumentException("frame payload too long: " + len);
    }
    header(out, tag, len);
    out.putBytes(payload, off, len);
  }

  /** Raw data as a run of DATA frames. */
  public static void data(WireBuffer out, byte[] data, int off, int len) {
    while (len > 0) {
      int n = Math.min(len, MAX_DATA_CHUNK);
      frame(out, MessageTag.DATA, data, off, n);
      off += n;
      len -= n;
    }
  }

  /** A text message (ERROR, INFO, ...): the text as sent, normally ending with a newline. */
  public static void text(WireBuffer out, MessageTag tag, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    frame(out, tag, b, 0, b.length);
  }

  /** A message carrying one int32 (ERROR_EXIT, IO_ERROR, IO_TIMEOUT, NO_SEND). */
  public static void int32(WireBuffer out, MessageTag tag, int value) {
    header(out, tag, 4);
    out.putInt(value);
  }
}
