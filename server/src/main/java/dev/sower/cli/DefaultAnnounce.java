package dev.sower.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The announce URL {@code sower make} writes when none is given: the embedded tracker of
 * {@code sower serve} on this host with the default HTTP port,
 * {@code http://HOST:8080/announce}, HOST being this machine's canonical (fully qualified) name,
 * or 127.0.0.1 when the machine has no name other than localhost.
 */
final class DefaultAnnounce {
  /** The HTTP port {@code sower serve} listens on by default. */
  static final int HTTP_PORT = 8080;

  private DefaultAnnounce() {}

  static String url() {
    return "http://" + host() + ":" + HTTP_PORT + "/announce";
  }

  static String host() {
    try {
      String name = InetAddress.getLocalHost().getCanonicalHostName();
      if (name == null || name.isBlank() || name.equals("localhost")
          || name.startsWith("localhost.") || name.contains(":")) {
        return "127.0.0.1";
      }
      return name;
    } catch (UnknownHostException | SecurityException e) {
      return "127.0.0.1";
    }
  }
}
