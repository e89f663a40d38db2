package dev.sower.server.bt;

import bt.protocol.crypto.EncryptionPolicy;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * The query of one HTTP announce (BEP 3), with the parameters Bt 1.10's {@code HttpTracker} sends,
 * in its order: info_hash, peer_id, ip, port, uploaded, downloaded, left, compact=1, numwant, key,
 * trackerid, event, supportcrypto/requirecrypto. Binary values are percent-encoded byte by byte,
 * all but RFC 3986's unreserved characters, as {@code %XX} in upper case.
 *
 * @param ip the address to announce, or null to let the tracker take the connection's source
 * @param transfer the torrent's counters, or null when Bt has no session state for it yet
 * @param key the client's secret key, or null
 * @param trackerId the "tracker id" this tracker last gave for the torrent, or null
 */
record AnnounceQuery(byte[] infoHash, byte[] peerId, InetAddress ip, int port, Transfer transfer,
    int numWant, byte[] key, byte[] trackerId, Event event, EncryptionPolicy crypto) {

  /** The event of an announce; a periodic query has none. */
  enum Event {
    STARTED("started"), STOPPED("stopped"), COMPLETED("completed"), NONE(null);

    private final String wire;

    Event(String wire) {
      this.wire = wire;
    }
  }

  /** Bytes sent and received; {@code left} is {@link #UNKNOWN} while Bt does not know it. */
  record Transfer(long uploaded, long downloaded, long left) {
    static final long UNKNOWN = -1;
  }

  /** The same query carrying {@code id} as "trackerid" (null for none). */
  AnnounceQuery withTrackerId(byte[] id) {
    return new AnnounceQuery(infoHash, peerId, ip, port, transfer, numWant, key, id, event, crypto);
  }

  /** {@code announceUrl} with this query appended (after "&" when it has a query already). */
  String appendTo(String announceUrl) {
    StringBuilder q = new StringBuilder(announceUrl)
        .append(announceUrl.indexOf('?') < 0 ? '?' : '&');
    binary(q, "info_hash", infoHash);
    binary(q.append('&'), "peer_id", peerId);
    if (ip != null) {
      binary(q.append('&'), "ip", ip.getHostAddress().getBytes(StandardCharsets.US_ASCII));
    }
    q.append("&port=").append(port);
    if (transfer != null) {
      q.append("&uploaded=").append(transfer.uploaded())
          .append("&downloaded=").append(transfer.downloaded());
      if (transfer.left() != Transfer.UNKNOWN) {
        q.append("&left=").append(transfer.left());
      }
    }
    q.append("&compact=1&numwant=").append(numWant);
    if (key != null) {
      binary(q.append('&'), "key", key);
    }
    if (trackerId != null) {
      binary(q.append('&'), "trackerid", trackerId);
    }
    if (event.wire != null) {
      q.append("&event=").append(event.wire);
    }
    switch (crypto) {
      case PREFER_PLAINTEXT, PREFER_ENCRYPTED -> q.append("&supportcrypto=1");
      case REQUIRE_ENCRYPTED -> q.append("&requirecrypto=1");
      default -> { }
    }
    return q.toString();
  }

  private static void binary(StringBuilder q, String name, byte[] value) {
    q.append(name).append('=');
    for (byte b : value) {
      char c = (char) (b & 0xff);
      if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
          || c == '-' || c == '.' || c == '_' || c == '~') {
        q.append(c);
      } else {
        q.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
}
