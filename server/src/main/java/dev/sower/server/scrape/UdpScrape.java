package dev.sower.server.scrape;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * UDP tracker scrape (BEP 15): one connect, then one scrape request per {@value
 * UdpTrackerCodec#MAX_HASHES} torrents; each request is sent at most {@value #TRIES} times and
 * waits {@value #TIMEOUT_MS} ms for its answer (BEP 15's longer back-off does not fit a periodic
 * metric).
 */
final class UdpScrape implements TrackerScrape {
  static final int TRIES = 2;
  static final int TIMEOUT_MS = 5_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String host;
  private final int port;

  UdpScrape(String announceUrl) {
    URI uri = URI.create(announceUrl);
    if (uri.getHost() == null || uri.getPort() < 1) {
      throw new IllegalArgumentException("UDP tracker URL needs a host and a port: "
          + announceUrl);
    }
    this.host = uri.getHost();
    this.port = uri.getPort();
  }

  @Override
  public Map<String, SwarmCounts> scrape(List<String> infoHashes) throws IOException {
    InetSocketAddress tracker = new InetSocketAddress(host, port);
    if (tracker.isUnresolved()) {
      throw new IOException("cannot resolve " + host);
    }
    Map<String, SwarmCounts> out = new HashMap<>();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(tracker);
      socket.setSoTimeout(TIMEOUT_MS);
      int tid = RANDOM.nextInt();
      byte[] answer = exchange(socket, UdpTrackerCodec.connectRequest(tid));
      long connectionId = UdpTrackerCodec.connectResponse(answer, tid);
      for (int i = 0; i < infoHashes.size(); i += UdpTrackerCodec.MAX_HASHES) {
        List<String> batch = infoHashes.subList(i,
            Math.min(infoHashes.size(), i + UdpTrackerCodec.MAX_HASHES));
        List<byte[]> hashes = new ArrayList<>(batch.size());
        batch.forEach(h -> hashes.add(HexFormat.of().parseHex(h)));
        tid = RANDOM.nextInt();
        answer = exchange(socket, UdpTrackerCodec.scrapeRequest(connectionId, tid, hashes));
        List<SwarmCounts> counts =
            UdpTrackerCodec.scrapeResponse(answer, tid, batch.size());
        for (int j = 0; j < batch.size(); j++) {
          out.put(batch.get(j), counts.get(j));
        }
      }
    }
    return out;
  }

  /** The answer, copied to an array of its exact length. */
  private static byte[] exchange(DatagramSocket socket, byte[] request) throws IOException {
    byte[] buffer = new byte[UdpTrackerCodec.MAX_DATAGRAM];
    for (int attempt = 1; ; attempt++) {
      socket.send(new DatagramPacket(request, request.length));
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
        return Arrays.copyOf(buffer, packet.getLength());
      } catch (SocketTimeoutException e) {
        if (attempt >= TRIES) {
          throw e;
        }
      }
    }
  }
}
