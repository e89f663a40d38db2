package dev.sower.rsync.options;

import dev.sower.rsync.transfer.AppendMode;
import dev.sower.rsync.transfer.Compression;
import dev.sower.rsync.transfer.SkipCompress;

/**
 * What the client's options ask of the sender once files are requested (options.c
 * {@code server_options} as the daemon receives them), read from the options in the order
 * they appeared (the last one wins).
 *
 * @param dryRun       {@code -n}: requests are echoed, no sums and no data follow
 * @param compression  {@code -z} (zlib), {@code -zz}/{@code --new-compress} (zlibx), or none
 * @param level        deflate level when compressing
 * @param skipCompress suffixes deflated at level 0
 * @param inplace      {@code --inplace}: the receiver updates its basis in place
 * @param append       {@code --append}/{@code --append-verify}, first pass only
 * @param bwlimitKib   {@code --bwlimit} in KiB per second, 0 for none
 */
public record TransferChoices(boolean dryRun, Compression compression, int level,
    SkipCompress skipCompress, boolean inplace, AppendMode append, long bwlimitKib) {

  /** Reads the choices from the options' displayed uses ({@code -z}, {@code --opt=value}). */
  public static TransferChoices of(ServerOptions o) throws OptionException {
    boolean dryRun = false;
    int compress = 0;
    String choice = null;
    int level = Compression.DEFAULT_LEVEL;
    boolean levelSet = false;
    SkipCompress skip = SkipCompress.rsyncDefault();
    boolean inplace = false;
    AppendMode append = AppendMode.OFF;
    long bw = 0;
    for (String use : o.rawOptions()) {
      int eq = use.indexOf('=');
      String name = eq < 0 ? use : use.substring(0, eq);
      String value = eq < 0 ? null : use.substring(eq + 1);
      switch (name) {
        case "-n", "--dry-run" -> dryRun = true;
        case "-z", "--compress" -> compress++;
        case "--old-compress" -> choice = "zlib";
        case "--new-compress" -> choice = "zlibx";
        case "--no-compress", "--no-z" -> {
          compress = 0;
          choice = null;
        }
        case "--compress-choice", "--zc" -> choice = value;
        case "--compress-level", "--zl" -> {
          level = number(name, value);
          levelSet = true;
        }
        case "--skip-compress" -> skip = SkipCompress.parse(value);
        case "--inplace" -> inplace = true;
        case "--no-inplace" -> inplace = false;
        case "--append" -> {
          append = append == AppendMode.APPEND_VERIFY ? append : AppendMode.APPEND;
          inplace = true;
        }
        case "--append-verify" -> {
          append = AppendMode.APPEND_VERIFY;
          inplace = true;
        }
        case "--no-append" -> append = AppendMode.OFF;
        case "--bwlimit" -> bw = bwlimit(value);
        case "--no-bwlimit" -> bw = 0;
        default -> {
          // everything else shapes the list or the receiving side only
        }
      }
    }
    Compression c = Compression.NONE;
    if (choice != null && !choice.equals("none")) {
      c = choice.equals("zlibx") ? Compression.ZLIBX : Compression.ZLIB;
    } else if (choice == null && compress > 0) {
      c = compress > 1 ? Compression.ZLIBX : Compression.ZLIB;
    }
    if (levelSet && level == 0) {
      c = Compression.NONE;
    }
    if (level < 1 || level > 9) {
      level = Compression.DEFAULT_LEVEL;
    }
    return new TransferChoices(dryRun, c, level, skip, inplace, append, bw);
  }

  private static int number(String name, String value) throws OptionException {
    try {
      return Integer.parseInt(value == null ? "" : value.trim());
    } catch (NumberFormatException e) {
      throw new OptionException("on remote machine: " + name + ": bad number",
          ArgvParser.RERR_SYNTAX);
    }
  }

  /** rsync sends {@code --bwlimit=N} in KiB/s (a suffix is resolved by the client). */
  private static long bwlimit(String value) throws OptionException {
    String v = value == null ? "" : value.trim();
    try {
      double d = Double.parseDouble(v);
      if (d < 0 || Double.isNaN(d)) {
        throw new NumberFormatException();
      }
      return (long) Math.ceil(d);
    } catch (NumberFormatException e) {
      throw new OptionException("on remote machine: --bwlimit=" + v + ": invalid value",
          ArgvParser.RERR_SYNTAX);
    }
  }
}
