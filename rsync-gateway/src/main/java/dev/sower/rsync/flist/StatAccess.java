package dev.sower.rsync.flist;

import java.io.IOException;
import java.nio.file.Path;

/** lstat for callers outside this package (the listing cache's revalidation). */
public final class StatAccess {
  private StatAccess() {}

  public static PosixStat lstat(Path p) throws IOException {
    return StatReader.lstat(p);
  }
}
