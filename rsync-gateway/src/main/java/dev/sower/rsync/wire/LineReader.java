package dev.sower.rsync.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads one terminated line (the {@code @RSYNCD:} text phase ends lines with '\n', the
 * argument vector with NUL) with a hard length cap. Bytes after the terminator stay in the
 * buffer for the next phase; an incomplete line is kept internally.
 */
public final class LineReader {
  private final byte terminator;
  private final int maxLength;
  private byte[] partial = new byte[64];
  private int length;

  public LineReader(byte terminator, int maxLength) {
    this.terminator = terminator;
    this.maxLength = maxLength;
  }

  /** The next line without its terminator (and without a trailing '\r' for '\n' lines). */
  public Optional<byte[]> read(ByteBuffer in) throws ProtocolException {
    while (in.hasRemaining()) {
      byte b = in.get();
      if (b == terminator) {
        int n = length;
        if (terminator == '\n' && n > 0 && partial[n - 1] == '\r') {
          n--;
        }
        byte[] line = Arrays.copyOf(partial, n);
        length = 0;
        return Optional.of(line);
      }
      if (length >= maxLength) {
        throw new ProtocolException("line longer than " + maxLength + " bytes");
      }
      if (length == partial.length) {
        partial = Arrays.copyOf(partial, Math.min(maxLength, partial.length * 2));
      }
      partial[length++] = b;
    }
    return Optional.empty();
  }
}
