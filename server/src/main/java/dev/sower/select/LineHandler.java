package dev.sower.select;

/** Receives the non-blank lines of the metadata, one at a time. */
@FunctionalInterface
public interface LineHandler {
  /**
   * One line (without its line terminator) at {@code buf[off..off+len)}; the bytes are valid only
   * during the call. {@code source} names the file or archive entry, {@code lineNo} counts from 1.
   */
  void line(String source, long lineNo, byte[] buf, int off, int len) throws SelectException;
}
