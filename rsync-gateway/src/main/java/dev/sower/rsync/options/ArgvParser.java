package dev.sower.rsync.options;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses the argument vector a client sends to a daemon the way rsync's popt table does:
 * short letters bundled ("-vlogDtpre.iLsfxCIvu", where a letter taking a value takes the
 * rest of the bundle or the next argument), long options with "=value" or a separate value,
 * "." ending the options. Refused and unsupported options fail with rsync's wording.
 */
public final class ArgvParser {
  /** rsync's exit code for a refused option (RERR_UNSUPPORTED). */
  public static final int RERR_UNSUPPORTED = 4;
  /** rsync's exit code for a syntax error (RERR_SYNTAX). */
  public static final int RERR_SYNTAX = 1;

  private final RefusePolicy policy;

  public ArgvParser(RefusePolicy policy) {
    this.policy = policy;
  }

  private static Optional<OptionTable.OptionSpec> byLong(String name) {
    for (OptionTable.OptionSpec op : OptionTable.ALL) {
      if (op.longName().equals(name)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }

  private static Optional<OptionTable.OptionSpec> byShort(char c) {
    for (OptionTable.OptionSpec op : OptionTable.ALL) {
      if (op.shortName() == c) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }

  /** Parses {@code argv} (without the leading "rsyncd" placeholder). */
  public ServerOptions parse(List<byte[]> argv) throws OptionException {
    List<OptionUse> uses = new ArrayList<>();
    List<byte[]> paths = new ArrayList<>();
    boolean optionsDone = false;
    boolean sawDot = false;
    for (int i = 0; i < argv.size(); i++) {
      byte[] raw = argv.get(i);
      String a = new String(raw, StandardCharsets.UTF_8);
      if (optionsDone) {
        paths.add(raw);
        continue;
      }
      if (a.equals("--")) {
        optionsDone = true;
        continue;
      }
      if (a.startsWith("--")) {
        String name = a.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        String shown = "--" + name;
        OptionTable.OptionSpec op = byLong(name).orElseThrow(() -> unknown(shown));
        if (op.takesArg() && value == null) {
          if (i + 1 >= argv.size()) {
            throw new OptionException("on remote machine: " + shown
                + ": missing argument", RERR_SYNTAX);
          }
          value = new String(argv.get(++i), StandardCharsets.UTF_8);
        } else if (!op.takesArg() && value != null) {
          throw new OptionException("on remote machine: " + shown
              + ": option does not take an argument", RERR_SYNTAX);
        }
        uses.add(use(op, value));
      } else if (a.startsWith("-") && a.length() > 1) {
        for (int k = 1; k < a.length(); k++) {
          char c = a.charAt(k);
          OptionTable.OptionSpec op = byShort(c).orElseThrow(() -> unknown("-" + c));
          String value = null;
          if (op.takesArg()) {
            if (k + 1 < a.length()) {
              value = a.substring(k + 1);
            } else if (i + 1 < argv.size()) {
              value = new String(argv.get(++i), StandardCharsets.UTF_8);
            } else {
              throw new OptionException("on remote machine: -" + c + ": missing argument",
                  RERR_SYNTAX);
            }
            uses.add(use(op, value));
            break;
          }
          uses.add(use(op, null));
        }
      } else {
        // the first non-option: rsync sends "." before the paths
        optionsDone = true;
        if (a.equals(".") && !sawDot) {
          sawDot = true;
        } else {
          paths.add(raw);
        }
      }
    }
    return ServerOptionsAssembler.assemble(uses, paths);
  }

  private OptionUse use(OptionTable.OptionSpec op, String value) throws OptionException {
    if (policy.refuses(op)) {
      throw new OptionException(RefusePolicy.refusal(op), RERR_UNSUPPORTED);
    }
    return new OptionUse(op, value);
  }

  private static OptionException unknown(String shown) {
    return new OptionException("on remote machine: " + shown + ": unknown option", RERR_SYNTAX);
  }
}
