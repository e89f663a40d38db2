package dev.sower.torrent.bencode;

/** Malformed or over-limit bencode, or a missing or mistyped dictionary entry. */
public final class BencodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final long offset;

  /**
   * @param message what is wrong
   * @param offset byte offset in the input where it was found, or -1 when not about a position
   */
  public BencodeException(String message, long offset) {
    super(offset >= 0 ? message + " at byte " + offset : message);
    this.offset = offset;
  }

  /** Byte offset in the input, or -1. */
  public long offset() {
    return offset;
  }
}
