package dev.sower.select;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The smallest HTTP tracker a test needs: every announce is remembered by port, and the answer
 * lists (compact form, BEP 23) every other peer that announced. One swarm, loopback only.
 */
final class LoopbackTracker implements AutoCloseable {
  private final HttpServer server;
  private final Map<Integer, Boolean> peers = new ConcurrentHashMap<>();

  LoopbackTracker() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext("/announce", exchange -> {
      int port = queryPort(exchange.getRequestURI().getRawQuery());
      if (port > 0) {
        peers.put(port, Boolean.TRUE);
      }
      ByteArrayOutputStream compact = new ByteArrayOutputStream();
      for (int p : peers.keySet()) {
        if (p != port) {
          compact.writeBytes(new byte[] {127, 0, 0, 1, (byte) (p >> 8), (byte) p});
        }
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes(("d8:intervali5e12:min intervali2e5:peers" + compact.size() + ":")
          .getBytes(StandardCharsets.US_ASCII));
      body.writeBytes(compact.toByteArray());
      body.write('e');
      exchange.getResponseHeaders().add("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, body.size());
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(body.toByteArray());
      }
    });
    server.start();
  }

  private static int queryPort(String query) {
    if (query == null) {
      return -1;
    }
    for (String kv : query.split("&")) {
      if (kv.startsWith("port=")) {
        try {
          return Integer.parseInt(kv.substring(5));
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  String announceUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/announce";
  }

  boolean hasPeer(int port) {
    return peers.containsKey(port);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
