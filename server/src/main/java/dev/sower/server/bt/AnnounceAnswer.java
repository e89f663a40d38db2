package dev.sower.server.bt;

import bt.net.InetPeer;
import bt.net.Peer;
import bt.net.PeerId;
import bt.tracker.CompactPeerInfo;
import bt.tracker.CompactPeerInfo.AddressType;
import bt.tracker.TrackerResponse;
import dev.sower.torrent.bencode.BBytes;
import dev.sower.torrent.bencode.BDict;
import dev.sower.torrent.bencode.BList;
import dev.sower.torrent.bencode.BValue;
import dev.sower.torrent.bencode.Bencode;
import dev.sower.torrent.bencode.BencodeException;
import dev.sower.torrent.bencode.BencodeLimits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a tracker's bencoded answer to an HTTP announce (at most {@link #MAX_BYTES} bytes, read
 * by {@link BoundedBody}) into Bt's {@link TrackerResponse}: "failure reason" (BEP 3), or
 * interval, "min interval", "warning message", "tracker id", complete/incomplete and the peers,
 * compact IPv4 ({@code peers}, 6 bytes each, BEP 23, with BEP 8's optional crypto_flags), compact
 * IPv6 ({@code peers6}, 18 bytes each, BEP 7) or a list of dictionaries (BEP 3: "ip", "port",
 * optional "peer id"; only IP literals, never a name to resolve).
 */
final class AnnounceAnswer {
  /** Largest answer accepted: 1 MiB holds over 170,000 compact peers. */
  static final int MAX_BYTES = 1 << 20;
  private static final BencodeLimits LIMITS = new BencodeLimits(8, 100_000, MAX_BYTES);

  private AnnounceAnswer() {}

  /** The answer of {@code url} (named in errors); a malformed one is an exceptional response. */
  static TrackerResponse decode(byte[] body, String url) {
    try {
      return decode(body);
    } catch (BencodeException | IllegalArgumentException | IOException e) {
      return TrackerResponse.exceptional(
          new IOException("malformed announce answer from " + url + ": " + e.getMessage(), e));
    }
  }

  private static TrackerResponse decode(byte[] body) throws IOException {
    if (!(Bencode.decode(body, LIMITS) instanceof BDict dict)) {
      throw new IOException("not a dictionary");
    }
    if (dict.has("failure reason")) {
      return TrackerResponse.failure(text(dict.bytes("failure reason")));
    }
    if (!dict.has("interval")) {
      throw new IOException("no \"interval\" and no \"failure reason\"");
    }
    TrackerResponse response = TrackerResponse.ok();
    response.setInterval(nonNegative(dict, "interval"));
    if (dict.has("min interval")) {
      response.setMinInterval(nonNegative(dict, "min interval"));
    }
    if (dict.has("warning message")) {
      response.setWarningMessage(text(dict.bytes("warning message")));
    }
    if (dict.has("tracker id")) {
      response.setTrackerId(dict.bytes("tracker id"));
    }
    if (dict.has("complete")) {
      response.setSeederCount(nonNegative(dict, "complete"));
    }
    if (dict.has("incomplete")) {
      response.setLeecherCount(nonNegative(dict, "incomplete"));
    }
    List<Peer> peers = new ArrayList<>();
    BValue v4 = dict.get("peers");
    if (v4 instanceof BBytes compact) {
      byte[] flags = dict.has("crypto_flags") ? dict.bytes("crypto_flags") : null;
      new CompactPeerInfo(compact.bytes(), AddressType.IPV4, flags).forEach(peers::add);
    } else if (v4 instanceof BList list) {
      for (BValue p : list.values()) {
        peer(p, peers);
      }
    } else if (v4 != null) {
      throw new IOException("\"peers\" is neither a string nor a list");
    }
    if (dict.has("peers6")) {
      new CompactPeerInfo(dict.bytes("peers6"), AddressType.IPV6).forEach(peers::add);
    }
    response.setPeers(peers);
    return response;
  }

  /** One peer of the dictionary model; one whose "ip" is a host name is left out. */
  private static void peer(BValue value, List<Peer> out) throws IOException {
    if (!(value instanceof BDict p)) {
      throw new IOException("a peer of \"peers\" is not a dictionary");
    }
    long port = p.integer("port");
    if (port < 1 || port > 0xffff) {
      throw new IOException("peer port " + port + " out of range");
    }
    InetAddress address = literal(text(p.bytes("ip")));
    if (address == null) {
      return;
    }
    InetPeer.Builder peer = InetPeer.builder(address, (int) port);
    if (p.has("peer id") && p.bytes("peer id").length == PeerId.length()) {
      peer.peerId(PeerId.fromBytes(p.bytes("peer id")));
    }
    out.add(peer.build());
  }

  /** An IPv4 dotted quad or an IPv6 literal, or null for anything else (never resolved). */
  static InetAddress literal(String ip) {
    try {
      if (ip.indexOf(':') >= 0) {
        // with a colon the JDK parses an IPv6 literal and never asks DNS
        return InetAddress.getByName(ip.startsWith("[") ? ip : "[" + ip + "]");
      }
      String[] parts = ip.split("\\.", -1);
      if (parts.length != 4) {
        return null;
      }
      byte[] v4 = new byte[4];
      for (int i = 0; i < 4; i++) {
        if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars()
            .allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(parts[i]) > 255) {
          return null;
        }
        v4[i] = (byte) Integer.parseInt(parts[i]);
      }
      return InetAddress.getByAddress(v4);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static int nonNegative(BDict dict, String key) throws IOException {
    long value = dict.integer(key);
    if (value < 0) {
      throw new IOException("negative \"" + key + "\": " + value);
    }
    return (int) Math.min(Integer.MAX_VALUE, value);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
