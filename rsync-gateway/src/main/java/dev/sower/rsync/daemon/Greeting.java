package dev.sower.rsync.daemon;

/**
 * The client's "@RSYNCD: 32.0 sha512 ..." line (clientserver.c {@code exchange_protocols}):
 * either the protocol to speak, or the @ERROR line to answer with.
 */
sealed interface Greeting {
  record Accepted(int protocol) implements Greeting {}

  record Refused(String errorLine) implements Greeting {}

  static Greeting parse(String line, int ours, int oldest) {
    if (!line.startsWith("@RSYNCD: ")) {
      return new Refused("@ERROR: protocol startup error\n");
    }
    String rest = line.substring(9).trim();
    int i = 0;
    while (i < rest.length() && i < 9 && Character.isDigit(rest.charAt(i))) {
      i++;
    }
    if (i == 0) {
      return new Refused("@ERROR: protocol startup error\n");
    }
    int version = Integer.parseInt(rest.substring(0, i));
    if (version < oldest) {
      return new Refused("@ERROR: protocol version " + version + " is too old: this server"
          + " speaks protocol " + oldest + " to " + ours + " (rsync 3.0 or newer)\n");
    }
    if (i >= rest.length() || rest.charAt(i) != '.') {
      return new Refused("@ERROR: your client omitted the subprotocol value: " + line + "\n");
    }
    return new Accepted(Math.min(ours, version));
  }
}
