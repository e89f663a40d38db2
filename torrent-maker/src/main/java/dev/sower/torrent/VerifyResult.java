package dev.sower.torrent;

import java.util.List;

/**
 * What {@code sower verify} found.
 *
 * @param torrents one report per torrent checked
 * @param checkedBytes payload bytes read
 */
public record VerifyResult(List<TorrentReport> torrents, long checkedBytes) {
  public VerifyResult {
    torrents = List.copyOf(torrents);
  }

  /** True when every piece of every torrent matched. */
  public boolean ok() {
    return torrents.stream().allMatch(TorrentReport::ok);
  }

  /**
   * The findings for one torrent.
   *
   * @param name torrent name
   * @param pieces piece count
   * @param badPieces indexes of pieces whose hash did not match or that could not be read
   * @param missingFiles files that do not exist (printable paths)
   * @param wrongSizeFiles files whose size differs from the torrent's ("path: N bytes, expected M")
   * @param badFiles files with bytes in a bad piece, the suspects (printable paths)
   */
  public record TorrentReport(String name, int pieces, List<Integer> badPieces,
      List<String> missingFiles, List<String> wrongSizeFiles, List<String> badFiles) {
    public TorrentReport {
      badPieces = List.copyOf(badPieces);
      missingFiles = List.copyOf(missingFiles);
      wrongSizeFiles = List.copyOf(wrongSizeFiles);
      badFiles = List.copyOf(badFiles);
    }

    public boolean ok() {
      return badPieces.isEmpty() && missingFiles.isEmpty() && wrongSizeFiles.isEmpty();
    }
  }
}
