package dev.sower.deploy;

import dev.sower.metrics.SowerMetrics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the daemon does at the system-call level, in one small program run by DebPackageIT
 * under the unit's seccomp filter: NIO selectors and sockets on IPv4 and IPv6 loopback (as
 * MINA and Bt use them), a thread pool, interface listing (tracker and DHT address choice),
 * and a metrics scrape with the process and JVM binders. Prints "probe ok" on success.
 */
public final class NetworkProbe {
  private NetworkProbe() {}

  public static void main(String[] args) throws Exception {
    try (SowerMetrics metrics = SowerMetrics.create("0.0.0")) {
      byte[] payload = metrics.scrape().getBytes(StandardCharsets.UTF_8);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        for (String host : new String[] {"127.0.0.1", "::1"}) {
          echoOnce(pool, InetAddress.getByName(host), payload);
        }
      } finally {
        pool.shutdownNow();
      }
      int interfaces = Collections.list(NetworkInterface.getNetworkInterfaces()).size();
      if (interfaces == 0) {
        throw new IllegalStateException("no network interfaces listed");
      }
      String scrape = metrics.scrape();
      for (String series : new String[] {"process_files_max_files ", "process_cpu_usage ",
          "jvm_memory_used_bytes{"}) {
        if (!scrape.contains(series)) {
          throw new IllegalStateException("scrape lacks " + series);
        }
      }
      System.out.println("probe ok: " + interfaces + " interfaces, " + payload.length
          + " bytes over IPv4 and IPv6 loopback");
    }
  }

  /** A selector-driven server accepts one connection and sends {@code payload}; we read it. */
  private static void echoOnce(ExecutorService pool, InetAddress host, byte[] payload)
      throws Exception {
    try (ServerSocketChannel server = ServerSocketChannel.open();
         Selector selector = Selector.open()) {
      server.bind(new InetSocketAddress(host, 0));
      server.configureBlocking(false);
      server.register(selector, SelectionKey.OP_ACCEPT);
      Future<?> sent = pool.submit(() -> {
        while (selector.select(5_000) > 0) {
          for (SelectionKey key : selector.selectedKeys()) {
            if (key.isAcceptable()) {
              try (SocketChannel c = server.accept()) {
                ByteBuffer b = ByteBuffer.wrap(payload);
                while (b.hasRemaining()) {
                  c.write(b);
                }
              }
              return null;
            }
          }
          selector.selectedKeys().clear();
        }
        throw new IllegalStateException("no connection accepted");
      });
      try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
        ByteBuffer in = ByteBuffer.allocate(payload.length + 1);
        while (client.read(in) >= 0 && in.position() <= payload.length) {
          // read until the server closes
        }
        if (in.position() != payload.length) {
          throw new IllegalStateException(host + ": got " + in.position() + " bytes");
        }
      }
      sent.get();
    }
  }
}
