package dev.sower.torrent.bencode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Bencode (BEP 3) in one place: canonical encoding, bounded decoding, token counting.
 *
 * <pre>{@code
 * BDict d = (BDict) Bencode.decode(bytes);           // throws BencodeException when malformed
 * byte[] name = d.dict("info").bytes("name");
 * byte[] again = Bencode.encode(d);                  // canonical: sorted keys
 * Bencode.Span info = Bencode.valueSpan(bytes, "info"); // raw bytes of the info dict, for hashing
 * }</pre>
 *
 * <p>Tokens are counted the way libtorrent's {@code bdecode} limits them: one per integer, byte
 * string (dictionary keys included), list and dictionary, plus one per list or dictionary end.
 */
public final class Bencode {
  private Bencode() {}

  /** The canonical encoding of {@code value}. */
  public static byte[] encode(BValue value) {
    long size = BencodeWriter.encodedSize(value);
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("encoding of " + size + " bytes does not fit an array");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
    try {
      new BencodeWriter(out).write(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Writes the canonical encoding of {@code value} to {@code out}. */
  public static void write(BValue value, OutputStream out) throws IOException {
    new BencodeWriter(out).write(value);
  }

  /** Decodes exactly one value filling all of {@code in}, within {@link BencodeLimits#DEFAULT}. */
  public static BValue decode(byte[] in) {
    return decode(in, BencodeLimits.DEFAULT);
  }

  /** Decodes exactly one value filling all of {@code in}, within {@code limits}. */
  public static BValue decode(byte[] in, BencodeLimits limits) {
    BencodeDecoder d = new BencodeDecoder(in, 0, in.length, limits);
    BValue v = d.value(0);
    if (d.position() != in.length) {
      throw new BencodeException("trailing bytes after the value", d.position());
    }
    return v;
  }

  /** Number of bencode tokens in {@code in} (which must be one valid value), within limits. */
  public static long countTokens(byte[] in, BencodeLimits limits) {
    BencodeDecoder d = new BencodeDecoder(in, 0, in.length, limits);
    d.skip(0);
    if (d.position() != in.length) {
      throw new BencodeException("trailing bytes after the value", d.position());
    }
    return d.tokens();
  }

  /** Number of bencode tokens in {@code in}, within {@link BencodeLimits#DEFAULT}. */
  public static long countTokens(byte[] in) {
    return countTokens(in, BencodeLimits.DEFAULT);
  }

  /** Number of tokens the encoding of {@code value} holds, counted without encoding it. */
  public static long countTokens(BValue value) {
    if (value instanceof BList l) {
      long n = 2;
      for (BValue v : l.values()) {
        n += countTokens(v);
      }
      return n;
    }
    if (value instanceof BDict d) {
      long n = 2 + d.entries().size();
      for (BValue v : d.entries().values()) {
        n += countTokens(v);
      }
      return n;
    }
    return 1;
  }

  /** Byte range {@code [start, end)} of a value inside an encoding. */
  public record Span(int start, int end) {
    public int length() {
      return end - start;
    }
  }

  /**
   * Where the value under {@code key} of the top-level dictionary in {@code in} lies, as raw bytes;
   * the info-hash of a torrent is the SHA-1 of {@code valueSpan(torrent, "info")}. Throws when
   * {@code in} is not a dictionary or lacks the key.
   */
  public static Span valueSpan(byte[] in, String key) {
    byte[] wanted = key.getBytes(StandardCharsets.UTF_8);
    if (in.length == 0 || in[0] != 'd') {
      throw new BencodeException("not a dictionary", 0);
    }
    BencodeDecoder d = new BencodeDecoder(in, 1, in.length, BencodeLimits.DEFAULT);
    while (d.position() < in.length && in[d.position()] != 'e') {
      BValue k = d.value(1);
      if (!(k instanceof BBytes kb)) {
        throw new BencodeException("dictionary key is not a byte string", d.position());
      }
      int start = d.position();
      d.skip(1);
      if (java.util.Arrays.equals(kb.bytes(), wanted)) {
        return new Span(start, d.position());
      }
    }
    throw new BencodeException("missing key \"" + key + "\"", -1);
  }
}
