package dev.sower.rsync.wire;

import java.nio.ByteBuffer;
import java.util.OptionalInt;

/**
 * File-list indexes at protocol >= 30 (io.c {@code write_ndx}/{@code read_ndx}): delta-coded
 * against the previous index sent in the same direction, NDX_DONE as a single 0 byte,
 * negative values after a 0xFF. One instance per direction.
 */
public final class NdxCodec {
  public static final int NDX_DONE = -1;
  public static final int NDX_FLIST_EOF = -2;
  public static final int NDX_DEL_STATS = -3;

  private int prevPositive = -1;
  private int prevNegative = 1;
  private int savedPositive = -1;
  private int savedNegative = 1;

  /** Appends {@code ndx} to {@code out}. */
  public void write(WireBuffer out, int ndx) {
    if (ndx == NDX_DONE) {
      out.putByte(0);
      return;
    }
    int diff;
    int value = ndx;
    if (ndx >= 0) {
      diff = ndx - prevPositive;
      prevPositive = ndx;
    } else {
      out.putByte(0xFF);
      value = -ndx;
      diff = value - prevNegative;
      prevNegative = value;
    }
    if (diff > 0 && diff < 0xFE) {
      out.putByte(diff);
    } else if (diff < 0 || diff > 0x7FFF) {
      out.putByte(0xFE);
      out.putByte((value >>> 24) | 0x80);
      out.putByte(value);
      out.putByte(value >>> 8);
      out.putByte(value >>> 16);
    } else {
      out.putByte(0xFE);
      out.putByte(diff >>> 8);
      out.putByte(diff);
    }
  }

  /**
   * Forgets the last index read, for a caller that found the rest of its message incomplete
   * and will read the same bytes again.
   */
  public void undo() {
    prevPositive = savedPositive;
    prevNegative = savedNegative;
  }

  /** The next index, or empty (nothing consumed) when incomplete. */
  public OptionalInt read(ByteBuffer in) throws ProtocolException {
    if (!in.hasRemaining()) {
      return OptionalInt.empty();
    }
    savedPositive = prevPositive;
    savedNegative = prevNegative;
    int start = in.position();
    int b = in.get(start) & 0xFF;
    if (b == 0) {
      in.position(start + 1);
      return OptionalInt.of(NDX_DONE);
    }
    int p = start;
    boolean negative = false;
    if (b == 0xFF) {
      if (in.remaining() < 2) {
        return OptionalInt.empty();
      }
      negative = true;
      p++;
      b = in.get(p) & 0xFF;
    }
    int prev = negative ? prevNegative : prevPositive;
    long unum;
    if (b == 0xFE) {
      if (in.limit() - p < 3) {
        return OptionalInt.empty();
      }
      int b1 = in.get(p + 1) & 0xFF;
      int b2 = in.get(p + 2) & 0xFF;
      if ((b1 & 0x80) != 0) {
        if (in.limit() - p < 5) {
          return OptionalInt.empty();
        }
        int b3 = in.get(p + 3) & 0xFF;
        int b4 = in.get(p + 4) & 0xFF;
        unum = (b2 | b3 << 8 | b4 << 16 | (long) (b1 & 0x7F) << 24);
        p += 5;
      } else {
        unum = ((b1 << 8) + b2 + (long) prev) & 0xFFFFFFFFL;
        p += 3;
      }
    } else {
      unum = (b + (long) prev) & 0xFFFFFFFFL;
      p += 1;
    }
    if (unum > Integer.MAX_VALUE) {
      throw new ProtocolException("invalid file index " + unum);
    }
    in.position(p);
    int num = (int) unum;
    if (negative) {
      prevNegative = num;
      return OptionalInt.of(-num);
    }
    prevPositive = num;
    return OptionalInt.of(num);
  }
}
