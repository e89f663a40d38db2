package dev.sower.torrent.bencode;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Decodes one bencode value from a byte array within {@link BencodeLimits}. Strict about syntax
 * (no leading zeros, no {@code -0}, no trailing bytes, no duplicate keys, integers fit a signed 64-bit
 * long); tolerant of unsorted dictionary keys, which other makers write (the info-hash of such a
 * torrent must be taken over the raw bytes: {@link Bencode#valueSpan}).
 */
final class BencodeDecoder {
  private final byte[] in;
  private final int end;
  private final BencodeLimits limits;
  private int pos;
  private long tokens;

  BencodeDecoder(byte[] in, int from, int to, BencodeLimits limits) {
    this.in = in;
    this.pos = from;
    this.end = to;
    this.limits = limits;
  }

  int position() {
    return pos;
  }

  long tokens() {
    return tokens;
  }

  /** Decodes the value at the current position and everything nested in it. */
  BValue value(int depth) {
    if (pos >= end) {
      throw truncated();
    }
    countToken();
    byte c = in[pos];
    if (c == 'i') {
      pos++;
      return new BInt(integer('e'));
    }
    if (c >= '0' && c <= '9') {
      return new BBytes(string());
    }
    if (c == 'l' || c == 'd') {
      if (depth >= limits.maxDepth()) {
        throw new BencodeException("nesting deeper than " + limits.maxDepth(), pos);
      }
      pos++;
      return c == 'l' ? list(depth + 1) : dict(depth + 1);
    }
    throw new BencodeException("unexpected byte 0x" + Integer.toHexString(c & 0xff), pos);
  }

  /** Skips the value at the current position, counting its tokens; returns nothing. */
  void skip(int depth) {
    value(depth);
  }

  private BList list(int depth) {
    List<BValue> values = new ArrayList<>();
    while (true) {
      if (pos >= end) {
        throw truncated();
      }
      if (in[pos] == 'e') {
        pos++;
        countToken();
        return new BList(values);
      }
      values.add(value(depth));
    }
  }

  private BDict dict(int depth) {
    TreeMap<BBytes, BValue> entries = new TreeMap<>();
    while (true) {
      if (pos >= end) {
        throw truncated();
      }
      if (in[pos] == 'e') {
        pos++;
        countToken();
        return new BDict(entries);
      }
      int keyAt = pos;
      if (in[pos] < '0' || in[pos] > '9') {
        throw new BencodeException("dictionary key is not a byte string", pos);
      }
      countToken();
      BBytes key = new BBytes(string());
      BValue v = value(depth);
      if (entries.put(key, v) != null) {
        throw new BencodeException("duplicate dictionary key " + key, keyAt);
      }
    }
  }

  private byte[] string() {
    int start = pos;
    long len = integer(':');
    if (len > limits.maxStringLength()) {
      throw new BencodeException("byte string of " + len + " bytes exceeds the limit of "
          + limits.maxStringLength(), start);
    }
    if (len < 0) {
      throw new BencodeException("negative string length", start);
    }
    if (end - pos < len) {
      throw truncated();
    }
    byte[] b = new byte[(int) len];
    System.arraycopy(in, pos, b, 0, (int) len);
    pos += (int) len;
    return b;
  }

  /** Reads a decimal number up to {@code terminator}, consuming it. */
  private long integer(char terminator) {
    int start = pos;
    boolean negative = false;
    if (pos < end && in[pos] == '-') {
      if (terminator == ':') {
        throw new BencodeException("negative string length", pos);
      }
      negative = true;
      pos++;
    }
    int digitsAt = pos;
    long v = 0;
    while (true) {
      if (pos >= end) {
        throw truncated();
      }
      byte c = in[pos];
      if (c == terminator) {
        break;
      }
      if (c < '0' || c > '9') {
        throw new BencodeException("unexpected byte 0x" + Integer.toHexString(c & 0xff)
            + " in a number", pos);
      }
      int d = c - '0';
      // Accumulate negatively so Long.MIN_VALUE fits.
      if (v < (Long.MIN_VALUE + d) / 10) {
        throw new BencodeException("number does not fit 64 bits", start);
      }
      v = v * 10 - d;
      pos++;
    }
    int digits = pos - digitsAt;
    if (digits == 0) {
      throw new BencodeException("empty number", start);
    }
    if (in[digitsAt] == '0' && (digits > 1 || negative)) {
      throw new BencodeException("number with a leading zero or -0", start);
    }
    pos++; // terminator
    if (negative) {
      return v;
    }
    if (v == Long.MIN_VALUE) {
      throw new BencodeException("number does not fit 64 bits", start);
    }
    return -v;
  }

  private void countToken() {
    if (++tokens > limits.maxTokens()) {
      throw new BencodeException("more than " + limits.maxTokens() + " tokens", pos);
    }
  }

  private BencodeException truncated() {
    return new BencodeException("truncated input", pos);
  }
}
