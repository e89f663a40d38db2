package dev.sower.deploy;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (as written in Grafana or in alert rules) refers to.
 * Not a PromQL parser: it removes what cannot be a metric name (strings, label matchers, range
 * and offset durations, grouping clauses, numbers, Grafana variables) and keeps the remaining
 * identifiers that are not function calls or keywords.
 */
final class PromQlNames {
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset",
      "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\((.*),\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\)");
  private static final Pattern IDENTIFIER =
      Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(?=\\s*(\\()?)");

  private PromQlNames() {}

  static Set<String> of(String expr) {
    String s = expr;
    Matcher lv = LABEL_VALUES.matcher(s);
    if (lv.matches()) {
      s = lv.group(1);
    }
    s = s.replaceAll("\\{[^}]*}", " ")                       // label matchers (may hold strings)
        .replaceAll("\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'", " ")  // string literals
        .replaceAll("\\[[^]]*]", " ")                        // range and subquery durations
        .replaceAll("\\boffset\\s+-?[0-9a-z]+", " ")
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
        .replaceAll("\\$\\{[^}]*}|\\$[a-zA-Z_][a-zA-Z0-9_]*", " ")
        .replaceAll("(?<![a-zA-Z_:0-9])[0-9][0-9.]*([eE][+-]?[0-9]+)?[a-z]*", " ");
    Set<String> names = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      boolean call = m.group(1) != null;
      if (!call && !KEYWORDS.contains(m.group().toLowerCase())) {
        names.add(m.group());
      }
    }
    return names;
  }
}
