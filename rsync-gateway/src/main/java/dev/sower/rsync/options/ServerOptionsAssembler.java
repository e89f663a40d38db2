package dev.sower.rsync.options;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Applies parsed option uses in order (the last one wins) to build {@link ServerOptions}. */
final class ServerOptionsAssembler {
  private ServerOptionsAssembler() {}

  static ServerOptions assemble(List<OptionUse> uses, List<byte[]> paths) throws OptionException {
    boolean sender = false;
    boolean server = false;
    boolean recurse = false;
    boolean dirs = false;
    boolean dirsGiven = false;
    boolean relative = false;
    boolean impliedDirs = true;
    boolean links = false;
    boolean perms = false;
    boolean times = false;
    boolean owner = false;
    boolean group = false;
    boolean devices = false;
    boolean specials = false;
    boolean hardLinks = false;
    boolean atimes = false;
    boolean numericIds = false;
    boolean checksum = false;
    boolean listOnly = false;
    boolean cvs = false;
    boolean from0 = false;
    boolean protect = false;
    boolean ignoreErrors = false;
    int verbose = 0;
    int timeout = 0;
    int checksumSeed = 0;
    String clientInfo = "";
    String filesFrom = null;
    List<String> raw = new ArrayList<>();
    for (OptionUse u : uses) {
      raw.add(u.display());
      String name = u.spec().longName().isEmpty()
          ? String.valueOf(u.spec().shortName()) : u.spec().longName();
      switch (name) {
        case "server" -> server = true;
        case "sender" -> sender = true;
        case "recursive" -> recurse = true;
        case "no-recursive", "no-r" -> recurse = false;
        case "dirs" -> {
          dirs = true;
          dirsGiven = true;
        }
        case "no-dirs", "no-d" -> {
          dirs = false;
          dirsGiven = true;
        }
        case "archive" -> {
          recurse = true;
          links = perms = times = group = owner = devices = specials = true;
        }
        case "links" -> links = true;
        case "no-links", "no-l" -> links = false;
        case "perms" -> perms = true;
        case "no-perms", "no-p" -> perms = false;
        case "times" -> times = true;
        case "no-times", "no-t" -> times = false;
        case "owner" -> owner = true;
        case "no-owner", "no-o" -> owner = false;
        case "group" -> group = true;
        case "no-group", "no-g" -> group = false;
        case "D" -> devices = specials = true;
        case "no-D" -> devices = specials = false;
        case "devices" -> devices = true;
        case "no-devices" -> devices = false;
        case "specials" -> specials = true;
        case "no-specials" -> specials = false;
        case "atimes" -> atimes = true;
        case "no-atimes", "no-U" -> atimes = false;
        case "hard-links" -> hardLinks = true;
        case "no-hard-links", "no-H" -> hardLinks = false;
        case "numeric-ids" -> numericIds = true;
        case "no-numeric-ids" -> numericIds = false;
        case "checksum" -> checksum = true;
        case "no-checksum", "no-c" -> checksum = false;
        case "relative" -> relative = true;
        case "no-relative", "no-R" -> relative = false;
        case "implied-dirs", "i-d" -> impliedDirs = true;
        case "no-implied-dirs", "no-i-d" -> impliedDirs = false;
        case "list-only" -> listOnly = true;
        case "cvs-exclude" -> cvs = true;
        case "from0" -> from0 = true;
        case "no-from0" -> from0 = false;
        case "files-from" -> filesFrom = u.value();
        case "secluded-args", "protect-args" -> protect = true;
        case "no-secluded-args", "no-protect-args", "no-s" -> protect = false;
        case "ignore-errors" -> ignoreErrors = true;
        case "no-ignore-errors" -> ignoreErrors = false;
        case "verbose" -> verbose++;
        case "no-verbose", "no-v" -> verbose = 0;
        case "quiet" -> verbose = 0;
        case "rsh" -> clientInfo = u.value();
        case "timeout" -> timeout = parseInt(u);
        case "no-timeout" -> timeout = 0;
        case "checksum-seed" -> checksumSeed = parseInt(u);
        case "checksum-choice", "cc" -> {
          String v = u.value();
          if (!v.equals("md5") && !v.equals("auto") && !v.equals("md5,md5")) {
            throw new OptionException("checksum choice \"" + v + "\" is not supported by this"
                + " server (it speaks protocol 31: MD5 only)", ArgvParser.RERR_UNSUPPORTED);
          }
        }
        case "compress-choice", "zc" -> {
          String v = u.value();
          if (!v.equals("zlib") && !v.equals("zlibx") && !v.equals("none") && !v.equals("auto")) {
            throw new OptionException("compress choice \"" + v + "\" is not supported by this"
                + " server (it speaks protocol 31: zlib only)", ArgvParser.RERR_UNSUPPORTED);
          }
        }
        case "iconv" -> throw new OptionException(
            "The server is configured to refuse --iconv", ArgvParser.RERR_UNSUPPORTED);
        default -> {
          // options that only change the receiving side, the output or the transfer
          // strategy (-v, -z, -W, -n, -i, --progress, ...) are accepted unchanged
        }
      }
    }
    if (!server) {
      throw new OptionException("the daemon expects --server as the first argument",
          ArgvParser.RERR_SYNTAX);
    }
    if (protect) {
      throw new OptionException("--secluded-args (-s) is not supported by this server;"
          + " retry without it", ArgvParser.RERR_UNSUPPORTED);
    }
    if (filesFrom != null && !filesFrom.equals("-")) {
      throw new OptionException("--files-from=" + filesFrom + " names a file on the server;"
          + " this server only accepts a list sent by the client", ArgvParser.RERR_UNSUPPORTED);
    }
    if (filesFrom != null && !dirsGiven) {
      dirs = true;   // options.c: --files-from implies --dirs unless -d/--no-d was given
    }
    if (relative && paths.stream().anyMatch(p -> new String(p, StandardCharsets.UTF_8)
        .isEmpty())) {
      throw new OptionException("empty path argument", ArgvParser.RERR_SYNTAX);
    }
    return new ServerOptions(sender, recurse, dirs, relative, impliedDirs, links, perms, times,
        owner, group, devices, specials, hardLinks, atimes, numericIds, checksum, listOnly, cvs, from0, protect,
        ignoreErrors, verbose, timeout, checksumSeed, clientInfo, filesFrom, raw, paths);
  }

  private static int parseInt(OptionUse u) throws OptionException {
    try {
      return Integer.parseInt(u.value().trim());
    } catch (NumberFormatException e) {
      throw new OptionException("on remote machine: --" + u.spec().longName() + ": bad number",
          ArgvParser.RERR_SYNTAX);
    }
  }
}
