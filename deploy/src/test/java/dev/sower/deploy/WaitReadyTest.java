package dev.sower.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unit's readiness check, /usr/lib/sower/wait-ready, against a real HTTP server. */
class WaitReadyTest {
  @TempDir Path tmp;
  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  /** Serves /health with 503 for the first {@code notReady} requests, then 200. */
  private int serveHealth(String host, int notReady) throws Exception {
    AtomicInteger seen = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), 0), 0);
    server.createContext("/", exchange -> {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
      boolean ready = exchange.getRequestURI().getPath().equals("/health")
          && seen.incrementAndGet() > notReady;
      byte[] body = (ready ? "ok\n" : "starting\n").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(ready ? 200 : 503, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private Exec.Result waitReady(String url, String timeout) throws Exception {
    return Exec.run(tmp, Map.of("SOWER_HEALTH_URL", url, "SOWER_READY_TIMEOUT", timeout), null,
        DeployFiles.file("src/deb/lib/wait-ready").toString());
  }

  @Test
  void succeedsOnceHealthAnswers200() throws Exception {
    int port = serveHealth("127.0.0.1", 2);
    Exec.Result r = waitReady("http://127.0.0.1:" + port + "/health", "30");
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.stdout()).contains("is ready after");
    assertThat(requests).containsExactly("GET /health", "GET /health", "GET /health");
  }

  @Test
  void worksOverIpv6() throws Exception {
    int port = serveHealth("::1", 0);
    Exec.Result r = waitReady("http://[::1]:" + port + "/health", "10");
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(requests).containsExactly("GET /health");
  }

  @Test
  void failsWhenNeverReadyAndSaysWhatItSawLast() throws Exception {
    int port = serveHealth("127.0.0.1", Integer.MAX_VALUE);
    Exec.Result r = waitReady("http://127.0.0.1:" + port + "/health", "2");
    assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
    assertThat(r.stderr()).contains("not ready after 2 s (last: HTTP/1.1 503 Service Unavailable)");
  }

  @Test
  void failsWhenNothingListens() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Exec.Result r = waitReady("http://127.0.0.1:" + port + "/health", "1");
    assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
    assertThat(r.stderr()).contains("not ready after 1 s (last: no answer)");
  }

  @Test
  void rejectsUrlsItCannotProbe() throws Exception {
    Exec.Result https = waitReady("https://127.0.0.1:8443/health", "1");
    assertThat(https.exitCode()).isEqualTo(2);
    assertThat(https.stderr()).contains("must start with http://");
    Exec.Result noPort = waitReady("http://localhost/health", "1");
    assertThat(noPort.exitCode()).isEqualTo(2);
    assertThat(noPort.stderr()).contains("needs HOST:PORT");
  }
}
