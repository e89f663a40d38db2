package dev.sower.torrent.bencode;

/**
 * Bounds on what the decoder accepts, so hostile or broken input cannot exhaust memory or stack.
 *
 * @param maxDepth deepest nesting of lists and dictionaries (the top level value is depth 1)
 * @param maxTokens most tokens, counted as {@link Bencode#countTokens(byte[])} does
 * @param maxStringLength longest single byte string
 */
public record BencodeLimits(int maxDepth, long maxTokens, int maxStringLength) {
  /**
   * Defaults for .torrent files and manifests: depth 64, 50M tokens, 256 MiB strings (a torrent of
   * the whole reference dataset at 256 KiB pieces holds a 240 MB {@code pieces} string).
   */
  public static final BencodeLimits DEFAULT = new BencodeLimits(64, 50_000_000L, 256 << 20);

  public BencodeLimits {
    if (maxDepth < 1 || maxTokens < 1 || maxStringLength < 0) {
      throw new IllegalArgumentException("limits must be positive: " + maxDepth + ", "
          + maxTokens + ", " + maxStringLength);
    }
  }
}
