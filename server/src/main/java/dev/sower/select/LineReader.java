package dev.sower.select;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream into lines on {@code \n} (dropping a {@code \r} before it) without decoding
 * them, and hands each non-blank line to a {@link LineHandler}. Memory is bounded by the longest
 * line, which may not exceed {@link #MAX_LINE} bytes.
 */
final class LineReader {
  /** Longest line accepted: far above any real record (a few KB). */
  static final int MAX_LINE = 64 << 20;
  private static final int INITIAL = 1 << 20;

  private byte[] buf = new byte[INITIAL];

  /** Reads {@code in} to its end, naming it {@code source} in messages; returns the line count. */
  long read(InputStream in, String source, LineHandler handler) throws SelectException {
    long lineNo = 0;
    int start = 0;
    int end = 0;
    int scan = 0;
    while (true) {
      int nl = indexOf(buf, scan, end);
      if (nl >= 0) {
        lineNo++;
        emit(handler, source, lineNo, start, nl);
        start = nl + 1;
        scan = start;
        continue;
      }
      scan = end;
      if (start > 0) {
        System.arraycopy(buf, start, buf, 0, end - start);
        end -= start;
        scan -= start;
        start = 0;
      }
      if (end == buf.length) {
        if (buf.length >= MAX_LINE) {
          throw new SelectException(source + " line " + (lineNo + 1) + ": line longer than "
              + (MAX_LINE >> 20) + " MiB; is this JSON lines?");
        }
        buf = Arrays.copyOf(buf, Math.min(MAX_LINE, buf.length * 2));
      }
      int n;
      try {
        n = in.read(buf, end, buf.length - end);
      } catch (EOFException e) {
        throw new SelectException(source + ": input ends early (truncated or corrupt) after line "
            + lineNo + MetadataStreams.reason(e), e);
      } catch (IOException e) {
        throw new SelectException(source + ": cannot read (truncated or corrupt?) after line "
            + lineNo + MetadataStreams.reason(e), e);
      }
      if (n < 0) {
        if (end > start) {
          lineNo++;
          emit(handler, source, lineNo, start, end);
        }
        return lineNo;
      }
      end += n;
    }
  }

  private void emit(LineHandler handler, String source, long lineNo, int from, int to)
      throws SelectException {
    int e = to;
    if (e > from && buf[e - 1] == '\r') {
      e--;
    }
    int s = from;
    while (s < e && isBlank(buf[s])) {
      s++;
    }
    if (s == e) {
      return;
    }
    handler.line(source, lineNo, buf, from, e - from);
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t' || b == '\r';
  }

  private static int indexOf(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
