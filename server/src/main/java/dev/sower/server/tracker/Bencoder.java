package dev.sower.server.tracker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes the few bencode shapes tracker responses need; callers add dictionary keys in sorted
 *  (unsigned byte) order, which every response here does by construction. */
final class Bencoder {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

  Bencoder dict() {
    out.write('d');
    return this;
  }

  Bencoder end() {
    out.write('e');
    return this;
  }

  Bencoder key(String key) {
    return string(key.getBytes(StandardCharsets.US_ASCII));
  }

  Bencoder string(byte[] bytes) {
    out.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    out.write(':');
    out.writeBytes(bytes);
    return this;
  }

  Bencoder string(String text) {
    return string(text.getBytes(StandardCharsets.UTF_8));
  }

  Bencoder integer(long value) {
    out.write('i');
    out.writeBytes(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    out.write('e');
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }
}
