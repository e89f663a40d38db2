package dev.sower.rsync.options;

import dev.sower.rsync.filter.WildMatch;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * rsyncd.conf "refuse options" (options.c {@code set_refuse_options}): space-separated
 * wildcard patterns over long names and short letters, '!' to re-accept, "a"/"archive"
 * meaning [ardlptgoD]. A few options are never refusable by wildcard ("sender", "server",
 * "iconv", ...); "copy-devices", "write-devices", "log-file*" and "insecure-links" are
 * always refused, as in rsyncd.
 */
public final class RefusePolicy {
  private static final Set<String> EXACT_ONLY = Set.of("iconv", "no-iconv", "checksum-seed",
      "copy-devices", "write-devices", "log-format", "sender", "server");
  private static final Set<Character> NEVER_REFUSED = Set.of('e', '0', 's', 'n');

  /** Options this read-only, never-follow-symlinks gateway cannot honour. */
  static final List<String> GATEWAY_REFUSED = List.of("acls", "xattrs",
      "copy-links", "copy-unsafe-links", "copy-dirlinks", "remove-source-files",
      "remove-sent-files", "fake-super", "super");

  private final Set<OptionTable.OptionSpec> refused;

  private RefusePolicy(Set<OptionTable.OptionSpec> refused) {
    this.refused = Set.copyOf(refused);
  }

  /** Builds the policy from the module's "refuse options" value (may be empty). */
  public static RefusePolicy parse(String refuseOptions) {
    // state per option: refused or not; wild-card-able or exact-only
    Set<OptionTable.OptionSpec> refused = new HashSet<>();
    apply(refused, false, "copy-devices");
    apply(refused, false, "write-devices");
    for (String tok : refuseOptions.trim().split(" +")) {
      if (tok.isEmpty()) {
        continue;
      }
      boolean negated = tok.startsWith("!") && tok.length() > 1;
      apply(refused, negated, negated ? tok.substring(1) : tok);
    }
    apply(refused, false, "log-file*");
    apply(refused, false, "insecure-links");
    apply(refused, false, "crtimes");
    // What this gateway cannot honour (never silently ignored): refused like a module would.
    for (String opt : GATEWAY_REFUSED) {
      apply(refused, false, opt);
    }
    return new RefusePolicy(refused);
  }

  private static boolean wild(String pattern, String text) {
    return WildMatch.matches(pattern.getBytes(StandardCharsets.UTF_8),
        text.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean exempt(OptionTable.OptionSpec op) {
    return NEVER_REFUSED.contains(op.shortName());
  }

  private static void apply(Set<OptionTable.OptionSpec> refused, boolean negated, String ref) {
    boolean isWild = ref.chars().anyMatch(c -> c == '*' || c == '?' || c == '[');
    if (ref.equals("a") || ref.equals("archive")) {
      ref = "[ardlptgoD]";
      isWild = true;
    }
    OptionTable.OptionSpec matched = null;
    for (OptionTable.OptionSpec op : OptionTable.ALL) {
      boolean hit = (!op.longName().isEmpty() && wild(ref, op.longName()))
          || (op.shortName() != 0 && wild(ref, String.valueOf(op.shortName())));
      if (!hit) {
        continue;
      }
      boolean wildable = !exempt(op) && !EXACT_ONLY.contains(op.longName());
      if (wildable || !isWild) {
        if (exempt(op)) {
          // rsyncd marks these "a=" (exact-match only) and never refuses them by letter
          if (!isWild && !negated && !op.longName().isEmpty()) {
            refused.add(op);
          }
        } else if (negated) {
          refused.remove(op);
        } else {
          refused.add(op);
        }
      }
      if (!isWild) {
        matched = op;
        break;
      }
    }
    if (matched != null) {
      // options sharing the same action (e.g. "no-r" with "no-recursive") follow the match
      for (OptionTable.OptionSpec op : OptionTable.ALL) {
        if (op != matched && sameAction(op, matched)) {
          if (negated) {
            refused.remove(op);
          } else {
            refused.add(op);
          }
        }
      }
    }
  }

  /** Aliases: rows with the same short letter (e.g. "recursive"/"r" vs "no-r" differ). */
  private static boolean sameAction(OptionTable.OptionSpec a, OptionTable.OptionSpec b) {
    return a.shortName() != 0 && a.shortName() == b.shortName();
  }

  /** Whether the option is refused. */
  boolean refuses(OptionTable.OptionSpec op) {
    return refused.contains(op);
  }

  /** rsync's refusal text for {@code op}: "The server is configured to refuse --X (-x)". */
  static String refusal(OptionTable.OptionSpec op) {
    String s = "The server is configured to refuse --" + op.longName();
    if (op.shortName() != 0) {
      s += " (-" + op.shortName() + ")";
    }
    return s;
  }
}
