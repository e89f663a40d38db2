package dev.sower.rsync.filter;

/** What one filter-rule text turns into. */
public sealed interface ParsedRule {
  /** An include/exclude rule. */
  record Match(FilterRule rule) implements ParsedRule {}

  /** '!': clear the list built so far. */
  record Clear() implements ParsedRule {}

  /** A '.' merge or ':' dir-merge rule naming a file of further rules. */
  record Merge(FilterRule rule) implements ParsedRule {}
}
