package dev.sower.rsync.daemon;

import dev.sower.rsync.filter.WildMatch;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * "hosts allow" / "hosts deny" (access.c {@code allow_access}): an address matching the allow
 * list is let in; else one matching the deny list is refused; else a non-empty allow list
 * refuses. Patterns: an address, address/prefix-length, address/netmask, or a wildcard
 * pattern over the textual address. Host names are not looked up (no reverse DNS).
 */
public final class HostAccess {
  private HostAccess() {}

  public static boolean allowed(InetAddress addr, List<String> allow, List<String> deny) {
    if (!allow.isEmpty() && matchesAny(addr, allow)) {
      return true;
    }
    if (!deny.isEmpty() && matchesAny(addr, deny)) {
      return false;
    }
    return allow.isEmpty();
  }

  static boolean matchesAny(InetAddress addr, List<String> patterns) {
    for (String list : patterns) {
      for (String tok : list.split("[ ,\t]+")) {
        if (!tok.isEmpty() && matches(addr, tok)) {
          return true;
        }
      }
    }
    return false;
  }

  static boolean matches(InetAddress addr, String pattern) {
    String text = addr.getHostAddress();
    int pct = text.indexOf('%');
    if (pct >= 0) {
      text = text.substring(0, pct);
    }
    if (pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[')) {
      return WildMatch.matches(pattern.getBytes(StandardCharsets.UTF_8),
          text.getBytes(StandardCharsets.UTF_8));
    }
    int slash = pattern.indexOf('/');
    String host = slash < 0 ? pattern : pattern.substring(0, slash);
    byte[] want;
    try {
      if (!host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
        return false;
      }
      want = InetAddress.getByName(host).getAddress();
    } catch (UnknownHostException e) {
      return false;
    }
    byte[] have = addr.getAddress();
    if (have.length != want.length) {
      return false;
    }
    int bits = have.length * 8;
    byte[] mask = null;
    if (slash >= 0) {
      String m = pattern.substring(slash + 1);
      if (m.contains(".") || m.contains(":")) {
        try {
          mask = InetAddress.getByName(m).getAddress();
        } catch (UnknownHostException e) {
          return false;
        }
        if (mask.length != have.length) {
          return false;
        }
      } else {
        try {
          bits = Integer.parseInt(m);
        } catch (NumberFormatException e) {
          return false;
        }
        if (bits < 0 || bits > have.length * 8) {
          return false;
        }
      }
    }
    for (int i = 0; i < have.length; i++) {
      int mb;
      if (mask != null) {
        mb = mask[i] & 0xFF;
      } else {
        int b = Math.max(0, Math.min(8, bits - i * 8));
        mb = (0xFF << (8 - b)) & 0xFF;
      }
      if (((have[i] ^ want[i]) & mb) != 0) {
        return false;
      }
    }
    return true;
  }
}
