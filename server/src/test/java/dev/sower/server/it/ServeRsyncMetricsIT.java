package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.cli.SowerCli;
import dev.sower.dataset.sample.SampleGenerator;
import dev.sower.dataset.sample.SampleOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sower serve} on a made sample (rsync and HTTP, no BitTorrent): the real rsync client
 * downloads a subset with {@code --files-from --stats}, then two files and a missing name
 * (exit 23), then is refused three times, and {@code /metrics} moves by exactly what the client
 * saw: files sent = files transferred, bytes sent = the client's "Total bytes received" plus what
 * follows the statistics, file lists of the client's "Number of files", one session ok and one
 * partial with one io error, one refusal per reason; the scrape passes
 * {@code promtool check metrics}.
 */
class ServeRsyncMetricsIT {
  private static final String MODULE = "module=\"sower\"";

  @TempDir
  Path tmp;

  @Test
  void rsyncMetricsFollowTwoDownloadsAndThreeRefusals() throws Exception {
    Path data = tmp.resolve("ds");
    new SampleGenerator(s -> { }).generate(new SampleOptions(data, 300, 5, 2026, 8));
    Path release = tmp.resolve("release");
    StringWriter makeOut = new StringWriter();
    assertThat(SowerCli.run(new PrintWriter(makeOut), "make", "--dataset", data.toString(),
        "--out", release.toString(), "--torrents", "1", "--no-announce"))
        .as(makeOut.toString()).isZero();
    int httpPort = SeedServer.freePort();
    String http = "http://127.0.0.1:" + httpPort;
    try (InProcessServe serve = InProcessServe.start(Duration.ofSeconds(60),
        Pattern.compile("HTTP listener on"), "serve", "--dataset", data.toString(),
        "--torrents", release.toString(), "--no-bittorrent", "--module", "sower",
        "--rsync-listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:" + httpPort,
        "--state-dir", tmp.resolve("state").toString())) {
      int rsyncPort = Integer.parseInt(serve.await(
          Pattern.compile("module sower from .* on 127\\.0\\.0\\.1:(\\d+)"), Duration.ZERO));
      String url = "rsync://127.0.0.1:" + rsyncPort + "/";

      // a subset: 40 files of original/ with plain names (printable() escapes the others)
      List<String> subset = Trees.files(data).keySet().stream()
          .filter(p -> p.startsWith("original/")
              && p.chars().allMatch(c -> c > ' ' && c < 127 && c != '\\'))
          .limit(40).toList();
      Path dest = tmp.resolve("dest");
      Run get = download(url, subset, dest);
      assertThat(get.code).as(get.output).isZero();
      for (String p : subset) {
        assertThat(Files.readAllBytes(dest.resolve(p))).as(p)
            .isEqualTo(Files.readAllBytes(data.resolve(p)));
      }
      Stats stats = Stats.parse(get.output);
      assertThat(stats.transferred).isEqualTo(subset.size());

      ScrapeText m = awaitSessions(http, 1);
      System.out.printf("rsync metrics: client received %d, sent %d, list %d entries; metric"
              + " sent %.0f, files %.0f%n", stats.received, stats.sent, stats.files,
          m.value("sower_rsync_sent_bytes_total", MODULE),
          m.value("sower_rsync_files_sent_total", MODULE));
      assertThat(m.value("sower_rsync_files_sent_total", MODULE)).isEqualTo(subset.size());
      // the client's "Total bytes received" is the server's total written when it sent its
      // statistics; then come the statistics and the goodbye
      assertThat(m.value("sower_rsync_sent_bytes_total", MODULE))
          .isEqualTo(stats.received + stats.afterStatistics());
      assertThat(m.value("sower_rsync_sessions_seconds_count", MODULE, "result=\"ok\""))
          .isEqualTo(1);
      assertThat(m.value("sower_rsync_sessions_active", MODULE)).isZero();
      assertThat(m.value("sower_rsync_file_list_build_seconds_count", MODULE)).isEqualTo(1);
      assertThat(m.value("sower_rsync_file_list_size_files_count", MODULE)).isEqualTo(1);
      assertThat(m.value("sower_rsync_file_list_size_files_sum", MODULE))
          .isEqualTo(stats.files);
      assertThat(m.sum("sower_rsync_errors_total")).isZero();
      assertThat(m.sum("sower_rsync_connections_rejected_total")).isZero();

      // a name that does not exist: the client exits 23 and the session is partial
      List<String> two = List.of(subset.get(0), "original/0000/no-such-file.jpg",
          subset.get(1));
      Run partial = download(url, two, tmp.resolve("dest2"));
      assertThat(partial.code).as(partial.output).isEqualTo(23);
      Stats stats2 = Stats.parse(partial.output);
      assertThat(stats2.transferred).isEqualTo(2);
      m = awaitSessions(http, 2);
      assertThat(m.value("sower_rsync_sessions_seconds_count", MODULE, "result=\"partial\""))
          .as(partial.output + m.text().lines()
              .filter(l -> l.startsWith("sower_rsync_") && !l.contains("_bucket")).toList())
          .isEqualTo(1);
      assertThat(m.value("sower_rsync_errors_total", MODULE, "kind=\"io\"")).isEqualTo(1);
      assertThat(m.sum("sower_rsync_errors_total")).isEqualTo(1);
      assertThat(m.value("sower_rsync_files_sent_total", MODULE)).isEqualTo(subset.size() + 2);
      assertThat(m.value("sower_rsync_sent_bytes_total", MODULE)).isEqualTo(stats.received
          + stats.afterStatistics() + stats2.received + stats2.afterStatistics());
      assertThat(m.value("sower_rsync_file_list_size_files_count", MODULE)).isEqualTo(2);
      assertThat(m.value("sower_rsync_file_list_size_files_sum", MODULE))
          .isEqualTo(stats.files + stats2.files);
      assertThat(m.value("sower_rsync_file_list_build_seconds_count", MODULE)).isEqualTo(2);

      // three refusals: an unknown module, a refused option (--acls), a bad greeting
      Run unknown = Run.of("rsync", "-r", url + "nope/", tmp.resolve("x") + "/");
      assertThat(unknown.code).as(unknown.output).isEqualTo(5);
      assertThat(unknown.output).contains("Unknown module 'nope'");
      Run acls = Run.of("rsync", "-rA", url + "sower/metadata/", tmp.resolve("y") + "/");
      assertThat(acls.code).as(acls.output).isNotZero();
      assertThat(acls.output).contains("refuse --acls");
      assertThat(badGreeting(rsyncPort)).contains("@ERROR: protocol startup error");

      m = ScrapeText.of(http + "/metrics");
      assertThat(m.value("sower_rsync_connections_rejected_total", "reason=\"unknown_module\""))
          .isEqualTo(1);
      assertThat(m.value("sower_rsync_connections_rejected_total", "reason=\"refused_option\""))
          .isEqualTo(1);
      assertThat(m.value("sower_rsync_connections_rejected_total", "reason=\"protocol\""))
          .isEqualTo(1);
      assertThat(m.sum("sower_rsync_connections_rejected_total")).isEqualTo(3);
      // refusals start no session
      assertThat(m.sum("sower_rsync_sessions_seconds_count")).isEqualTo(2);
      assertThat(m.value("sower_rsync_sessions_active", MODULE)).isZero();

      Path scrape = Files.writeString(tmp.resolve("scrape.txt"), m.text());
      Run promtool = Run.of("sh", "-c", "promtool check metrics < " + scrape);
      assertThat(promtool.code).as(promtool.output).isZero();
      assertThat(promtool.output).isEmpty();

      assertThat(serve.stop()).isEqualTo(130);
    }
  }

  private Run download(String url, List<String> names, Path dest) throws Exception {
    Path list = Files.write(Files.createTempFile(tmp, "files-from", ".txt"), names);
    return Run.of("rsync", "-rt", "--stats", "--files-from=" + list, url + "sower/", dest + "/");
  }

  /** Scrapes until {@code n} sessions have ended (the server counts a session at its close). */
  private static ScrapeText awaitSessions(String http, int n) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    ScrapeText m = ScrapeText.of(http + "/metrics");
    while (m.sum("sower_rsync_sessions_seconds_count") < n && System.nanoTime() < deadline) {
      Thread.sleep(50);
      m = ScrapeText.of(http + "/metrics");
    }
    return m;
  }

  private static String badGreeting(int port) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write("HELLO\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  /**
   * Length of rsync's {@code write_varlong(f, x, 3)} (io.c), as protocol 30+ sends the
   * statistics: the value's little-endian bytes without leading zeros, at least 3 bytes
   * counting the flag byte, one more when the top byte does not fit beside the flag bits.
   */
  static int varlong30(long x) {
    byte[] b = new byte[9];
    for (int i = 0; i < 8; i++) {
      b[1 + i] = (byte) (x >>> (8 * i));
    }
    int cnt = 8;
    while (cnt > 3 && b[cnt] == 0) {
      cnt--;
    }
    int bit = 1 << (7 - cnt + 3);
    return (b[cnt] & 0xFF) >= bit ? cnt + 1 : cnt;
  }

  /** The numbers of {@code rsync --stats} (main.c output_summary), as the client printed them. */
  record Stats(long files, long transferred, long totalSize, long buildMillis, long xferMillis,
      long sent, long received) {
    static Stats parse(String out) {
      return new Stats(number(out, "Number of files: ([\\d,]+)"),
          number(out, "Number of regular files transferred: ([\\d,]+)"),
          number(out, "Total file size: ([\\d,]+) bytes"),
          millis(out, "File list generation time: ([\\d.,]+) seconds"),
          millis(out, "File list transfer time: ([\\d.,]+) seconds"),
          number(out, "Total bytes sent: ([\\d,]+)"),
          number(out, "Total bytes received: ([\\d,]+)"));
    }

    /**
     * Bytes the server sends after its statistics: their DATA frame (4-byte header, five
     * varlong30s: total read, total written, total size, list build and send milliseconds)
     * and the protocol-31 goodbye (header and NDX_DONE, 5 bytes).
     */
    long afterStatistics() {
      return 4 + varlong30(sent) + varlong30(received) + varlong30(totalSize)
          + varlong30(buildMillis) + varlong30(xferMillis) + 5;
    }

    private static String find(String out, String regex) {
      Matcher m = Pattern.compile(regex).matcher(out);
      if (!m.find()) {
        throw new AssertionError("no \"" + regex + "\" in:\n" + out);
      }
      return m.group(1).replace(",", "");
    }

    private static long number(String out, String regex) {
      return Long.parseLong(find(out, regex));
    }

    private static long millis(String out, String regex) {
      return new BigDecimal(find(out, regex)).movePointRight(3).longValueExact();
    }
  }

  /** A finished process: exit code and its merged output. */
  record Run(int code, String output) {
    static Run of(String... command) throws Exception {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
      return new Run(p.exitValue(), out);
    }
  }
}
