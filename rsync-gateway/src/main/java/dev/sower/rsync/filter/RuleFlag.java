package dev.sower.rsync.filter;

/** Properties of a filter rule (rsync.h {@code FILTRULE_*}). */
public enum RuleFlag {
  /** '+': include (otherwise exclude). */
  INCLUDE,
  /** Pattern ended with '/': matches directories only. */
  DIRECTORY,
  /** '/' modifier, or an anchored module rule. */
  ABS_PATH,
  /** '!' modifier: the rule applies when the pattern does NOT match. */
  NEGATE,
  /** Pattern contains '*', '?' or '['. */
  WILD,
  /** Pattern contains "**". */
  WILD2,
  /** Pattern starts with "**". */
  WILD2_PREFIX,
  /** Pattern ends with "***". */
  WILD3_SUFFIX,
  /** 's' modifier, or H/S rules. */
  SENDER_SIDE,
  /** 'r' modifier, or P/R rules. */
  RECEIVER_SIDE,
  /** 'p' modifier. */
  PERISHABLE,
  /** 'x' modifier: matches xattr names, never file names. */
  XATTR,
  /** '.' merge or ':' dir-merge. */
  MERGE_FILE,
  /** ':' dir-merge. */
  PERDIR_MERGE,
  /** 'C' modifier. */
  CVS_IGNORE,
  /** '-' or '+' modifier on a merge rule: the file holds bare patterns. */
  NO_PREFIXES,
  /** 'w' modifier on a merge rule. */
  WORD_SPLIT,
  /** 'n' modifier on a merge rule. */
  NO_INHERIT,
  /** 'e' modifier on a merge rule. */
  EXCLUDE_SELF
}
