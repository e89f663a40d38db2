package dev.sower.torrent.meta;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code manifest.json}: what one {@code sower make} produced. Field by field in docs/torrents.md.
 * Contains nothing that depends on the machine or the time, so it is as reproducible as the
 * torrents.
 *
 * @param format manifest format version
 * @param name dataset name: the top-level directory name of every torrent
 * @param scan what the dataset scan found
 * @param options the options that shaped the torrents
 * @param torrents one entry per torrent, in order: original ranges, 512px ranges, metadata
 * @param emptyRanges bucket ranges without files (no torrent made)
 * @param totals sums over the torrents
 * @param previous what changed since the previous release, when made with --previous
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(int format, String name, Scan scan, Options options, List<Torrent> torrents,
    List<String> emptyRanges, Totals totals, Previous previous) {
  public static final int FORMAT = 1;
  public static final String FILE = "manifest.json";

  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  /** Two-space indent and {@code \n} line ends on every platform, for reproducible bytes. */
  private static final ObjectWriter PRETTY = JSON.writer(new DefaultPrettyPrinter()
      .withObjectIndenter(new DefaultIndenter("  ", "\n"))
      .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  /**
   * @param files regular files
   * @param bytes their bytes
   * @param directories directories walked
   * @param oddFiles odd files (path printable, {@code \xHH} for bytes that are not UTF-8)
   */
  public record Scan(long files, long bytes, long directories, List<Odd> oddFiles) {}

  /** An odd file: path and what is odd (kind name and explanation). */
  public record Odd(String path, String kind, String description) {}

  /**
   * @param torrentsPerTree bucket ranges per image tree
   * @param pieceSize {@code auto} or the fixed piece length in bytes
   * @param announce tracker URLs
   * @param webSeeds web seed URLs
   * @param creationDate {@code creation date} written into the torrents, when asked for
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Options(int torrentsPerTree, String pieceSize, List<String> announce,
      List<String> webSeeds, Long creationDate) {}

  /**
   * @param name torrent name
   * @param file .torrent file name in the output directory
   * @param stateFile per-file facts (size, mtime, inode) in the output directory
   * @param tree {@code original}, {@code 512px} or {@code metadata}
   * @param bucketFrom first bucket (image trees only)
   * @param bucketTo last bucket, inclusive (image trees only)
   * @param infoHash v1 info-hash, hex
   * @param pieceLength piece length
   * @param pieces piece count
   * @param files file count
   * @param payloadBytes payload bytes
   * @param torrentBytes size of the .torrent file
   * @param bencodeTokens bencode tokens of the .torrent, as libtorrent counts them
   * @param reusedPieces leading pieces whose hashes came from the previous release unread
   * @param warnings client limits exceeded
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Torrent(String name, String file, String stateFile, String tree, Integer bucketFrom,
      Integer bucketTo, String infoHash, long pieceLength, int pieces, int files,
      long payloadBytes, long torrentBytes, long bencodeTokens, int reusedPieces,
      List<String> warnings) {}

  /** Sums over all torrents. */
  public record Totals(int torrents, long files, long payloadBytes, long pieces, long torrentBytes,
      long reusedPieces) {}

  /**
   * @param name the previous release's dataset name
   * @param added files added
   * @param removed files removed
   * @param modified files whose size or mtime changed
   */
  public record Previous(String name, int added, int removed, int modified) {}

  /** JSON bytes, indented, ending in a newline. */
  public byte[] toJson() {
    try {
      byte[] b = PRETTY.writeValueAsBytes(this);
      byte[] out = java.util.Arrays.copyOf(b, b.length + 1);
      out[b.length] = '\n';
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a manifest. */
  public static Manifest read(Path file) throws IOException {
    Manifest m = JSON.readValue(file.toFile(), Manifest.class);
    if (m.format() != FORMAT) {
      throw new IOException(file + ": unknown manifest format " + m.format());
    }
    return m;
  }

  /** The reproducible pretty printer (for changes.json). */
  public static ObjectWriter prettyWriter() {
    return PRETTY;
  }
}
