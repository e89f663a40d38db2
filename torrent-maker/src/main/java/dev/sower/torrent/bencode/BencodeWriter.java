package dev.sower.torrent.bencode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes canonical bencode: integers without leading zeros, byte strings as length-prefixed bytes,
 * dictionary keys in ascending unsigned byte order (the order {@link BDict} keeps them in, checked
 * again here), so the same value always gives the same bytes.
 */
public final class BencodeWriter {
  private final OutputStream out;

  public BencodeWriter(OutputStream out) {
    this.out = out;
  }

  /** Writes one value. */
  public void write(BValue value) throws IOException {
    // Java 17 has no pattern switch; BValue is sealed, so these four cases are all there are.
    if (value instanceof BInt i) {
      writeInt(i.value());
    } else if (value instanceof BBytes b) {
      writeBytes(b.bytes());
    } else if (value instanceof BList l) {
      out.write('l');
      for (BValue v : l.values()) {
        write(v);
      }
      out.write('e');
    } else {
      BDict d = (BDict) value;
      out.write('d');
      BBytes previous = null;
      for (Map.Entry<BBytes, BValue> e : d.entries().entrySet()) {
        if (previous != null && previous.compareTo(e.getKey()) >= 0) {
          throw new IllegalStateException("dictionary keys out of order: " + e.getKey());
        }
        previous = e.getKey();
        writeBytes(e.getKey().bytes());
        write(e.getValue());
      }
      out.write('e');
    }
  }

  private void writeInt(long v) throws IOException {
    out.write('i');
    out.write(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
    out.write('e');
  }

  private void writeBytes(byte[] b) throws IOException {
    out.write(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
    out.write(':');
    out.write(b);
  }

  /** Exact encoded size of {@code value} in bytes, without encoding it. */
  public static long encodedSize(BValue value) {
    if (value instanceof BInt i) {
      return 2 + Long.toString(i.value()).length();
    } else if (value instanceof BBytes b) {
      return stringSize(b.bytes().length);
    } else if (value instanceof BList l) {
      long n = 2;
      for (BValue v : l.values()) {
        n += encodedSize(v);
      }
      return n;
    } else {
      long n = 2;
      for (Map.Entry<BBytes, BValue> e : ((BDict) value).entries().entrySet()) {
        n += stringSize(e.getKey().bytes().length) + encodedSize(e.getValue());
      }
      return n;
    }
  }

  private static long stringSize(int length) {
    return Integer.toString(length).length() + 1L + length;
  }
}
