package dev.sower.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sower.server.tracker.EmbeddedTracker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's HTTP side: the embedded tracker ({@code /announce}, {@code /scrape}), the release's
 * files ({@code /torrents/NAME.torrent}, {@code /torrents.tar.xz}, {@code /filelist.txt.xz}),
 * {@code /health} and {@code /metrics}. Only GET and HEAD; only names of the release directory
 * that match a fixed pattern are served, so no request reaches another file.
 */
public final class HttpListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);
  private static final Pattern TORRENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}\\.torrent");

  /** Renders the body of {@code /metrics} (Prometheus text format). */
  @FunctionalInterface
  public interface MetricsRenderer {
    String render();
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final EmbeddedTracker tracker;
  private final Supplier<Path> releaseDir;
  private volatile MetricsRenderer metrics;
  private volatile Supplier<Boolean> healthy = () -> true;

  private HttpListener(HttpServer server, ExecutorService executor, EmbeddedTracker tracker,
      Supplier<Path> releaseDir, MetricsRenderer metrics) {
    this.server = server;
    this.executor = executor;
    this.tracker = tracker;
    this.releaseDir = releaseDir;
    this.metrics = metrics;
  }

  /**
   * Binds and starts. {@code releaseDir} gives the directory `sower make` wrote (read per
   * request, so a reload switches releases).
   */
  public static HttpListener start(InetSocketAddress address, EmbeddedTracker tracker,
      Supplier<Path> releaseDir, int threads) throws IOException {
    HttpServer server = HttpServer.create(address, 128);
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "sower-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    HttpListener listener = new HttpListener(server, executor, tracker, releaseDir,
        new TrackerMetrics(tracker));
    server.setExecutor(executor);
    server.createContext("/", listener::handle);
    server.start();
    return listener;
  }

  /** Replaces the metrics renderer (the metrics subsystem installs its own). */
  public void setMetrics(MetricsRenderer renderer) {
    this.metrics = renderer;
  }

  /** Sets what {@code /health} reports. */
  public void setHealth(Supplier<Boolean> check) {
    this.healthy = check;
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        send(ex, 405, "text/plain", "only GET and HEAD\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String path = ex.getRequestURI().getRawPath();
      String query = ex.getRequestURI().getRawQuery();
      switch (path) {
        case "/announce" -> send(ex, 200, "text/plain",
            tracker.announce(query, ex.getRemoteAddress().getAddress()));
        case "/scrape" -> send(ex, 200, "text/plain", tracker.scrape(query));
        case "/health" -> {
          boolean ok = healthy.get();
          send(ex, ok ? 200 : 503, "text/plain",
              (ok ? "ok\n" : "unhealthy\n").getBytes(StandardCharsets.UTF_8));
        }
        case "/metrics" -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
            metrics.render().getBytes(StandardCharsets.UTF_8));
        case "/torrents.tar.xz" -> sendFile(ex, "torrents.tar.xz", "application/x-xz");
        case "/filelist.txt.xz" -> sendFile(ex, "filelist.txt.xz", "application/x-xz");
        default -> {
          String name = path.startsWith("/torrents/") ? path.substring("/torrents/".length()) : "";
          if (TORRENT_NAME.matcher(name).matches()) {
            sendFile(ex, name, "application/x-bittorrent");
          } else {
            notFound(ex);
          }
        }
      }
    } catch (IOException e) {
      LOG.debug("HTTP request failed: {}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("HTTP handler error", e);
    }
  }

  private void sendFile(HttpExchange ex, String name, String type) throws IOException {
    Path dir = releaseDir.get();
    Path file = dir == null ? null : dir.resolve(name);
    if (file == null || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      notFound(ex);
      return;
    }
    long size = Files.size(file);
    ex.getResponseHeaders().set("Content-Type", type);
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.getResponseHeaders().set("Content-Length", Long.toString(size));
      ex.sendResponseHeaders(200, -1);
      return;
    }
    ex.sendResponseHeaders(200, size);
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
         OutputStream out = ex.getResponseBody()) {
      in.transferTo(out);
    }
  }

  private static void notFound(HttpExchange ex) throws IOException {
    send(ex, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** Stops accepting and waits up to {@code seconds} for running exchanges. */
  public void stop(int seconds) {
    server.stop(seconds);
    executor.shutdownNow();
  }

  @Override
  public void close() {
    stop(0);
  }
}
