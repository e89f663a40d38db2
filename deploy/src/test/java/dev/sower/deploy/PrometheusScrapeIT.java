package dev.sower.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sower.metrics.SowerMeter;
import dev.sower.metrics.SowerMeters;
import dev.sower.metrics.SowerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes a {@link SowerMetrics} registry holding every catalogue meter,
 * evaluates the alert rules, and answers every dashboard query with data: the exposition, the
 * names, the labels and the PromQL of the dashboard fit together.
 */
class PrometheusScrapeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path tmp;
  private static SowerMetrics metrics;
  private static HttpServer exporter;
  private static Process prometheus;
  private static final HttpClient http = HttpClient.newHttpClient();
  private static String api;

  @BeforeAll
  static void start() throws Exception {
    metrics = SowerMetrics.create("0.1.0");
    MeterRegistry r = metrics.registry();
    for (SowerMeter m : SowerMeter.values()) {
      switch (m.kind()) {
        case COUNTER -> SowerMeters.counter(r, m, m.exampleTags()).increment(3);
        case GAUGE -> SowerMeters.gauge(r, m, m.exampleTags(), new AtomicLong(5), AtomicLong::get);
        case TIMER -> SowerMeters.timer(r, m, m.exampleTags()).record(Duration.ofMillis(20));
        case DISTRIBUTION_SUMMARY -> SowerMeters.summary(r, m, m.exampleTags()).record(1234);
        case INFO -> { }
      }
    }
    // The GC pause timer appears with the first GC notification; the dashboard plots it.
    long gcDeadline = System.nanoTime() + WAIT.toNanos();
    while (!metrics.scrape().contains("jvm_gc_pause_seconds_count")
        && System.nanoTime() < gcDeadline) {
      System.gc();
      Thread.sleep(50);
    }
    exporter = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    exporter.createContext("/metrics", exchange -> {
      byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", SowerMetrics.CONTENT_TYPE);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    exporter.start();

    Files.copy(DeployFiles.file("prometheus/alerts.yml"), tmp.resolve("alerts.yml"));
    Files.writeString(tmp.resolve("prometheus.yml"), """
        global:
          scrape_interval: 500ms
          evaluation_interval: 500ms
        rule_files: [alerts.yml]
        scrape_configs:
          - job_name: sower
            static_configs:
              - targets: ['127.0.0.1:%d']
        """.formatted(exporter.getAddress().getPort()));
    int webPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      webPort = s.getLocalPort();
    }
    api = "http://127.0.0.1:" + webPort + "/api/v1/";
    prometheus = new ProcessBuilder("prometheus",
        "--config.file=" + tmp.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + tmp.resolve("data"),
        "--web.listen-address=127.0.0.1:" + webPort,
        "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile())
        .start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    if (exporter != null) {
      exporter.stop(0);
    }
    if (metrics != null) {
      metrics.close();
    }
  }

  private static JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(api + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(res.body());
  }

  private static JsonNode query(String promql) throws IOException, InterruptedException {
    return get("query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  /** Waits until {@code promql} returns at least one sample; returns the response. */
  private static JsonNode awaitData(String promql) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = query(promql);
        if (last.path("data").path("result").size() > 0) {
          return last;
        }
      } catch (IOException notUpYet) {
        last = null;
      }
      assertThat(prometheus.isAlive()).as(log()).isTrue();
      Thread.sleep(250);
    }
    throw new AssertionError("no data for " + promql + ": " + last + "\n" + log());
  }

  private static String log() {
    try {
      return Files.readString(tmp.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Test
  void prometheusStoresOurSeriesAndEveryDashboardQueryReturnsData() throws Exception {
    JsonNode up = awaitData("up{job=\"sower\"} == 1");
    assertThat(up.path("data").path("result").get(0).path("value").get(1).asText()).isEqualTo("1");

    JsonNode uploaded = awaitData("sower_bt_uploaded_bytes_total");
    JsonNode sample = uploaded.path("data").path("result").get(0);
    assertThat(sample.path("metric").path("torrent").asText()).isEqualTo("original-0000-0099");
    assertThat(sample.path("value").get(1).asText()).isEqualTo("3");
    assertThat(awaitData("sower_build_info{version=\"0.1.0\"}").path("data").path("result"))
        .hasSize(1);

    // rate() and increase() need two samples in their window.
    awaitData("count_over_time(up{job=\"sower\"}[1m]) >= 3");
    List<String> empty = new ArrayList<>();
    for (Map.Entry<String, String> e : MonitoringConfigTest.dashboardExprs().entrySet()) {
      String expr = e.getValue()
          .replace("$__rate_interval", "1m")
          .replace("$instance", ".*").replace("$torrent", ".*").replace("$module", ".*");
      if (expr.startsWith("label_values(")) {
        expr = expr.substring("label_values(".length(), expr.lastIndexOf(','));
      }
      JsonNode res = query(expr);
      assertThat(res.path("status").asText()).as("%s: %s -> %s", e.getKey(), expr, res)
          .isEqualTo("success");
      if (res.path("data").path("result").isEmpty()) {
        empty.add(e.getKey() + ": " + expr);
      }
    }
    assertThat(empty).as("dashboard queries without data").isEmpty();
  }

  @Test
  void alertRulesLoadAndEvaluateWithoutErrors() throws Exception {
    awaitData("count_over_time(up{job=\"sower\"}[1m]) >= 3");
    JsonNode groups = get("rules").path("data").path("groups");
    assertThat(groups).hasSize(1);
    JsonNode rules = groups.get(0).path("rules");
    assertThat(rules).hasSize(10);
    for (JsonNode rule : rules) {
      assertThat(rule.path("health").asText()).as(rule.toString()).isEqualTo("ok");
    }
  }
}
