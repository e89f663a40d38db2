package dev.sower.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code prometheus} binary scraping one target on loopback every 500 ms, with its
 * storage in a temporary directory and its web API on a free port.
 */
final class PrometheusProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final Path log;
  private final String api;

  private PrometheusProcess(Process process, Path log, String api) {
    this.process = process;
    this.log = log;
    this.api = api;
  }

  /** Starts Prometheus scraping {@code http://127.0.0.1:targetPort/metrics} as job "sower". */
  static PrometheusProcess start(Path dir, int targetPort) throws IOException {
    Files.createDirectories(dir);
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 500ms
          evaluation_interval: 500ms
        scrape_configs:
          - job_name: sower
            static_configs:
              - targets: ['127.0.0.1:%d']
        """.formatted(targetPort));
    int webPort = SeedServer.freePort();
    Path log = dir.resolve("prometheus.log");
    Process p = new ProcessBuilder("prometheus", "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + webPort, "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new PrometheusProcess(p, log, "http://127.0.0.1:" + webPort + "/api/v1/");
  }

  /**
   * Polls the instant query {@code promql} through {@code /api/v1/query} until it returns a
   * sample and gives the first one's value.
   */
  double awaitValue(String promql, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "(no answer)";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("prometheus exited: " + Files.readString(log));
      }
      try {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(api
                + "query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        last = res.body();
        JsonNode result = JSON.readTree(last).path("data").path("result");
        if (result.size() > 0) {
          return Double.parseDouble(result.get(0).path("value").get(1).asText());
        }
      } catch (IOException notUpYet) {
        last = notUpYet.toString();
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no sample for " + promql + ": " + last + "\n"
        + Files.readString(log));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
