package dev.sower.torrent.plan;

import dev.sower.torrent.scan.ScannedFile;
import java.util.List;

/**
 * One torrent to make: which files, in which order.
 *
 * @param name torrent name, also its file name without {@code .torrent}: {@code original-0000-0099},
 *     {@code 512px-0100-0199}, {@code metadata}
 * @param tree {@code original}, {@code 512px} or {@code metadata} (the metadata tree and every other
 *     top-level file)
 * @param bucketFrom first bucket of the range, -1 for the metadata torrent
 * @param bucketTo last bucket of the range (inclusive), -1 for the metadata torrent
 * @param files files in payload order: ascending numeric ID, then other names by bytes
 */
public record TorrentPlan(String name, String tree, int bucketFrom, int bucketTo,
    List<ScannedFile> files) {
  public TorrentPlan {
    files = List.copyOf(files);
  }

  /** Total payload bytes. */
  public long payloadBytes() {
    long n = 0;
    for (ScannedFile f : files) {
      n += f.size();
    }
    return n;
  }

  /** Total bytes of all paths, to estimate the .torrent size. */
  public long pathBytes() {
    long n = 0;
    for (ScannedFile f : files) {
      n += f.path().length;
    }
    return n;
  }
}
