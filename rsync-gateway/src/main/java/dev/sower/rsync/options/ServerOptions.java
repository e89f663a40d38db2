package dev.sower.rsync.options;

import java.util.List;

/**
 * What the client asked for, after parsing its {@code --server} argument vector.
 *
 * @param sender the client downloads (we send)
 * @param clientInfo the value of {@code -e} (compat letters such as ".iLsfxCIvu")
 * @param filesFrom the {@code --files-from} value ("-" means: names follow on the socket)
 * @param checksumSeed the {@code --checksum-seed} value; 0 when absent (the daemon picks one)
 * @param paths the source arguments after ".", module prefix still attached
 */
public record ServerOptions(
    boolean sender,
    boolean recurse,
    boolean xferDirs,
    boolean relative,
    boolean impliedDirs,
    boolean links,
    boolean perms,
    boolean times,
    boolean owner,
    boolean group,
    boolean devices,
    boolean specials,
    boolean hardLinks,
    boolean atimes,
    boolean numericIds,
    boolean checksum,
    boolean listOnly,
    boolean cvsExclude,
    boolean from0,
    boolean protectArgs,
    boolean ignoreErrors,
    int verbose,
    int timeoutSeconds,
    int checksumSeed,
    String clientInfo,
    String filesFrom,
    List<String> rawOptions,
    List<byte[]> paths) {

  public ServerOptions {
    rawOptions = List.copyOf(rawOptions);
    paths = List.copyOf(paths);
  }

  public boolean hasFilesFrom() {
    return filesFrom != null;
  }
}
