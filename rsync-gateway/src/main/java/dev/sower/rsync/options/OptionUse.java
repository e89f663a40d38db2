package dev.sower.rsync.options;

/** One option as it appeared in the argument vector, with its value if it takes one. */
record OptionUse(OptionTable.OptionSpec spec, String value) {
  String display() {
    String name = spec.longName().isEmpty() ? "-" + spec.shortName() : "--" + spec.longName();
    return value == null ? name : name + "=" + value;
  }
}
