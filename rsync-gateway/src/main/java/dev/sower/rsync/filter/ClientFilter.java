package dev.sower.rsync.filter;

import dev.sower.rsync.flist.PathSanitizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The client's filter rules as the sender applies them: plain rules, per-directory merge
 * rules ("dir-merge", "-F", the ":C" of -C) whose rules come from files read in each
 * directory, and the CVS default list of -C. The rules in force depend on the directory: a
 * {@link Scope} holds what each merge rule contributes there, deeper files first
 * (exclude.c {@code push_local_filters}).
 */
public final class ClientFilter {
  /** rsync's default CVS ignore list (rsync.1 "--cvs-exclude"). */
  static final String CVS_DEFAULTS = "RCS SCCS CVS CVS.adm RCSLOG cvslog.* tags TAGS .make.state"
      + " .nse_depinfo *~ #* .#* ,* _$* *$ *.old *.bak *.BAK *.orig *.rej .del-* *.a *.olb *.o"
      + " *.obj *.so *.exe *.Z *.elc *.ln core .svn/ .git/ .hg/ .bzr/";

  private sealed interface Item permits Rule, Merge, CvsDefaults {}

  private record Rule(FilterRule rule) implements Item {}

  private record Merge(FilterRule rule, int slot, byte[] name, boolean scanParents)
      implements Item {}

  private record CvsDefaults() implements Item {}

  /** The merge-file rules in force in one directory, one list per merge rule. */
  public record Scope(List<List<FilterRule>> lists) {}

  private final List<Item> items;
  private final List<Merge> merges;
  private final FilterList cvsDefaults;

  private ClientFilter(List<Item> items, List<Merge> merges) {
    this.items = List.copyOf(items);
    this.merges = List.copyOf(merges);
    try {
      this.cvsDefaults = FilterList.of(FilterRuleParser.parse(
          CVS_DEFAULTS.getBytes(StandardCharsets.US_ASCII), FilterRuleParser.Mode.CVS_WORDS));
    } catch (FilterSyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** No rules at all. */
  public static ClientFilter none() {
    return new ClientFilter(List.of(), List.of());
  }

  /**
   * Builds the filter from the rules the client sent, plus ":C" and "-C" when it asked for
   * --cvs-exclude (a receiving client leaves adding those to the sender).
   */
  public static ClientFilter of(List<ParsedRule> parsed, boolean cvsExclude)
      throws FilterSyntaxException {
    List<Item> items = new ArrayList<>();
    List<Merge> merges = new ArrayList<>();
    List<ParsedRule> all = new ArrayList<>(parsed);
    if (cvsExclude) {
      all.addAll(FilterRuleParser.parse(":C", FilterRuleParser.Mode.CLIENT));
      all.add(new ParsedRule.Match(new FilterRule(new byte[0],
          EnumSet.of(RuleFlag.CVS_IGNORE), 0)));
    }
    for (ParsedRule p : all) {
      if (p instanceof ParsedRule.Clear) {
        items.clear();
        merges.clear();
      } else if (p instanceof ParsedRule.Match m) {
        items.add(m.rule().has(RuleFlag.CVS_IGNORE) ? new CvsDefaults() : new Rule(m.rule()));
      } else {
        FilterRule r = ((ParsedRule.Merge) p).rule();
        if (!r.has(RuleFlag.PERDIR_MERGE)) {
          throw new FilterSyntaxException("a merge rule naming a file on the server is not"
              + " accepted: " + new String(r.pattern(), StandardCharsets.UTF_8));
        }
        byte[] pat = r.pattern();
        boolean scan = pat.length > 0 && pat[0] == '/';
        byte[] name = scan ? Arrays.copyOfRange(pat, 1, pat.length) : pat;
        if (name.length == 0 || PathSanitizer.hasDotDot(name)) {
          throw new FilterSyntaxException("invalid per-directory merge file name: "
              + new String(pat, StandardCharsets.UTF_8));
        }
        if (r.has(RuleFlag.EXCLUDE_SELF)) {
          int slash = lastSlash(name);
          byte[] base = Arrays.copyOfRange(name, slash + 1, name.length);
          items.add(new Rule(FilterRuleParser.finish(base, EnumSet.noneOf(RuleFlag.class),
              false)));
        }
        Merge m = new Merge(r, merges.size(), name, scan);
        boolean dup = merges.stream().anyMatch(o -> Arrays.equals(basename(o.name()),
            basename(name)));
        if (!dup) {
          merges.add(m);
          items.add(m);
        }
      }
    }
    return new ClientFilter(items, merges);
  }

  private static byte[] basename(byte[] n) {
    return Arrays.copyOfRange(n, lastSlash(n) + 1, n.length);
  }

  private static int lastSlash(byte[] b) {
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] == '/') {
        return i;
      }
    }
    return -1;
  }


  public boolean hasMergeRules() {
    return !merges.isEmpty();
  }

  /** The scope before any directory was entered: merge rules contribute nothing. */
  public Scope emptyScope() {
    List<List<FilterRule>> l = new ArrayList<>();
    for (int i = 0; i < merges.size(); i++) {
      l.add(List.of());
    }
    return new Scope(l);
  }

  /**
   * The scope of the first directory whose contents are listed: merge files named with a
   * leading '/' are first read in every directory from the module root down to its parent
   * (setup_merge_file's parent scan), then the directory's own files.
   */
  public Scope firstScope(byte[] dirInModule, MergeFileSource source, List<String> errors) {
    Scope s = emptyScope();
    List<byte[]> parents = new ArrayList<>();
    parents.add(new byte[0]);
    for (int i = 0; i < dirInModule.length; i++) {
      if (dirInModule[i] == '/') {
        parents.add(Arrays.copyOf(dirInModule, i));
      }
    }
    if (dirInModule.length == 0) {
      parents.clear();
    }
    for (byte[] p : parents) {
      s = enter(s, p, source, errors, true);
    }
    return enter(s, dirInModule, source, errors, false);
  }

  /** The scope inside {@code dirInModule}, a subdirectory of the one {@code parent} is for. */
  public Scope enter(Scope parent, byte[] dirInModule, MergeFileSource source,
      List<String> errors) {
    return enter(parent, dirInModule, source, errors, false);
  }

  private Scope enter(Scope parent, byte[] dir, MergeFileSource source, List<String> errors,
      boolean parentScanOnly) {
    List<List<FilterRule>> lists = new ArrayList<>(parent.lists());
    for (Merge m : merges) {
      if (parentScanOnly && !m.scanParents()) {
        continue;
      }
      byte[] path = dir.length == 0 ? m.name() : concat(dir, (byte) '/', m.name());
      List<FilterRule> fresh = new ArrayList<>();
      Optional<byte[]> content = source.read(path);
      if (content.isPresent()) {
        try {
          for (ParsedRule r : MergeFileParser.parse(content.get(), m.rule(), dir)) {
            if (r instanceof ParsedRule.Clear) {
              fresh.clear();
            } else {
              fresh.add(((ParsedRule.Match) r).rule());
            }
          }
        } catch (FilterSyntaxException e) {
          errors.add(e.getMessage() + " in " + new String(path, StandardCharsets.UTF_8));
        }
      }
      List<FilterRule> merged = new ArrayList<>(fresh);
      if (!m.rule().has(RuleFlag.NO_INHERIT)) {
        merged.addAll(parent.lists().get(m.slot()));
      }
      lists.set(m.slot(), List.copyOf(merged));
    }
    return new Scope(lists);
  }

  private static byte[] concat(byte[] a, byte sep, byte[] b) {
    byte[] out = new byte[a.length + 1 + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    out[a.length] = sep;
    System.arraycopy(b, 0, out, a.length + 1, b.length);
    return out;
  }

  /** Checks {@code name} (relative to the transfer root) with the rules of {@code scope}. */
  public FilterList.Verdict check(Scope scope, byte[] name, boolean isDir, byte[] rootInModule) {
    for (Item it : items) {
      if (it instanceof Rule r) {
        if (FilterList.matches(r.rule(), name, isDir, rootInModule)) {
          return r.rule().include() ? FilterList.Verdict.INCLUDED : FilterList.Verdict.EXCLUDED;
        }
      } else if (it instanceof Merge m) {
        for (FilterRule r : scope.lists().get(m.slot())) {
          if (FilterList.matches(r, name, isDir, rootInModule)) {
            return r.include() ? FilterList.Verdict.INCLUDED : FilterList.Verdict.EXCLUDED;
          }
        }
      } else {
        FilterList.Verdict v = cvsDefaults.check(name, isDir, rootInModule);
        if (v != FilterList.Verdict.NO_MATCH) {
          return v;
        }
      }
    }
    return FilterList.Verdict.NO_MATCH;
  }

  public boolean excludes(Scope scope, byte[] name, boolean isDir, byte[] rootInModule) {
    return check(scope, name, isDir, rootInModule) == FilterList.Verdict.EXCLUDED;
  }
}
