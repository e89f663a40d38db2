package dev.sower.torrent.scan;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of scanning a dataset.
 *
 * @param root the dataset directory (real path)
 * @param files every regular file, sorted by path bytes
 * @param odd odd files found, sorted by path bytes then kind
 * @param directories number of directories walked
 */
public record DatasetScan(Path root, List<ScannedFile> files, List<OddFile> odd, long directories) {
  public DatasetScan {
    files = List.copyOf(files);
    odd = List.copyOf(odd);
  }

  /** Total bytes of all files. */
  public long bytes() {
    long n = 0;
    for (ScannedFile f : files) {
      n += f.size();
    }
    return n;
  }
}
