package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.cli.SowerCli;
import dev.sower.dataset.sample.SampleGenerator;
import dev.sower.dataset.sample.SampleOptions;
import dev.sower.server.testing.SeederFixture;
import dev.sower.server.tracker.EmbeddedTracker;
import dev.sower.torrent.meta.Manifest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sower demo} and {@code sower serve} as processes: signals, exit codes, reload. */
class ServeProcessIT {
  private static final Duration SEEDERS_TIMEOUT = Duration.ofSeconds(30);

  @TempDir
  Path tmp;

  private static List<String> sower(String... args) {
    return SeederFixture.javaCommand(SowerCli.class.getName(), args);
  }

  private static String await(Proc p, Pattern pattern, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Matcher m = pattern.matcher(p.output());
      if (m.find()) {
        return m.groupCount() > 0 ? m.group(1) : m.group();
      }
      assertThat(p.handle().isAlive()).as("running, waiting for %s:\n%s", pattern, p.output())
          .isTrue();
      assertThat(System.nanoTime()).as("%s within %s:\n%s", pattern, timeout, p.output())
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** SIGTERM; returns the exit code, which must come within 10 s. */
  private static int terminate(Proc p) throws Exception {
    long t0 = System.nanoTime();
    p.handle().destroy();
    p.handle().onExit().get(10, TimeUnit.SECONDS);
    System.out.printf("SIGTERM to exit: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    return p.waitFor(Duration.ofSeconds(1));
  }

  @Test
  void demoServesRsyncAndTorrentsUntilSigtermThenExitsZero() throws Exception {
    int http = SeedServer.freePort();
    int rsync = SeedServer.freePort();
    int bt = SeedServer.freePort();
    Path dir = tmp.resolve("demo");
    try (Proc demo = Proc.start(tmp.resolve("demo.log"), tmp, sower("demo", "--dir",
        dir.toString(), "--images", "60", "--http-port", "" + http, "--rsync-port", "" + rsync,
        "--bt-port", "" + bt))) {
      await(demo, Pattern.compile("seeding \\d+ torrents"), Duration.ofSeconds(90));
      assertThat(demo.output()).contains("rsync://127.0.0.1:" + rsync + "/sower/")
          .contains("aria2c ").contains("curl -s http://127.0.0.1:" + http + "/metrics");
      String base = "http://127.0.0.1:" + http;
      assertThat(ScrapeText.get(base + "/health").statusCode()).isEqualTo(200);
      Process list = new ProcessBuilder("rsync", "--list-only",
          "rsync://127.0.0.1:" + rsync + "/sower/").redirectErrorStream(true).start();
      String listing = new String(list.getInputStream().readAllBytes());
      assertThat(list.waitFor()).as(listing).isZero();
      assertThat(listing).contains("original").contains("512px").contains("metadata");
      // the guide's rsync copy command works as printed
      Matcher copy = Pattern.compile("(?m)^  rsync -rtv (\\S+) (\\S+)$").matcher(demo.output());
      assertThat(copy.find()).as(demo.output()).isTrue();
      Process get = new ProcessBuilder("rsync", "-rtv", copy.group(1), copy.group(2))
          .redirectErrorStream(true).start();
      String got = new String(get.getInputStream().readAllBytes());
      assertThat(get.waitFor()).as(got).isZero();
      assertThat(Path.of(copy.group(2))).isDirectoryContaining(f -> true);
      Manifest m = Manifest.read(dir.resolve("torrents").resolve(Manifest.FILE));
      assertThat(m.options().announce()).containsExactly(base + "/announce");
      HttpResponse<byte[]> t = ScrapeText.get(base + "/torrents/" + m.torrents().get(0).file());
      assertThat(t.statusCode()).isEqualTo(200);
      assertThat(t.body()).isEqualTo(
          Files.readAllBytes(dir.resolve("torrents").resolve(m.torrents().get(0).file())));
      assertThat(terminate(demo)).as(demo.output()).isZero();
      assertThat(demo.output()).contains("stopped");
      SeederFixture.assertNoStackTrace(demo.output());
    }
  }

  @Test
  void serveReloadsOnSighupAndSendsStoppedForEveryTorrentOnSigterm() throws Exception {
    Path r1 = tmp.resolve("r1");
    Path r2 = tmp.resolve("r2");
    SampleGenerator gen = new SampleGenerator(s -> { });
    gen.generate(new SampleOptions(r1, 120, 5, 2026, 4));
    gen.update(r1, r2, 6);
    Path dataset = tmp.resolve("current");
    Files.createSymbolicLink(dataset, r1.getFileName());
    try (SeedServer external = SeedServer.http(tmp)) {
      Path rel1 = tmp.resolve("rel1");
      Path rel2 = tmp.resolve("rel2");
      make(dataset, rel1, null, external.announceUrl());
      Path yaml = tmp.resolve("sower.yaml");
      writeConfig(yaml, dataset, rel1, external.announceUrl());
      Set<String> hashes1 = hashes(rel1);
      external.tracker.setTorrents(hashList(hashes1));
      try (Proc serve = Proc.start(tmp.resolve("serve.log"), tmp, sower("serve", "--config",
          yaml.toString()))) {
        await(serve, Pattern.compile("seeding \\d+ torrents"), Duration.ofSeconds(60));
        SeederFixture.awaitSeeders(external.tracker, hashes1, 1, SEEDERS_TIMEOUT, serve::output);

        // release 2: the dataset link moves, make --previous, the config names rel2, SIGHUP
        Files.delete(dataset);
        Files.createSymbolicLink(dataset, r2.getFileName());
        make(dataset, rel2, rel1, external.announceUrl());
        Set<String> hashes2 = hashes(rel2);
        Set<String> all = new java.util.HashSet<>(hashes1);
        all.addAll(hashes2);
        external.tracker.setTorrents(hashList(all));
        writeConfig(yaml, dataset, rel2, external.announceUrl());
        new ProcessBuilder("kill", "-HUP", "" + serve.handle().pid()).start().waitFor();
        await(serve, Pattern.compile("now seeding release .*rel2"), Duration.ofSeconds(60));
        Set<String> changed = new java.util.HashSet<>(hashes2);
        changed.removeAll(hashes1);
        assertThat(changed).isNotEmpty();
        SeederFixture.awaitSeeders(external.tracker, hashes2, 1, SEEDERS_TIMEOUT, serve::output);

        assertThat(terminate(serve)).as(serve.output()).isZero();
        for (EmbeddedTracker.SwarmCounts c : external.tracker.counts()) {
          assertThat(c.seeders()).as("'stopped' for %s:\n%s", c.infoHash(), serve.output())
              .isZero();
        }
        // start, reload and stop log no stack trace (Bt's acceptor and tracker client did)
        SeederFixture.assertNoStackTrace(serve.output());
      }
    }
  }

  private static void make(Path dataset, Path out, Path previous, String announce) {
    StringWriter log = new StringWriter();
    List<String> args = new ArrayList<>(List.of("make", "--dataset", dataset.toString(),
        "--out", out.toString(), "--torrents", "2", "--name", "ds", "--announce", announce));
    if (previous != null) {
      args.addAll(List.of("--previous", previous.toString()));
    }
    assertThat(SowerCli.run(new PrintWriter(log), args.toArray(String[]::new)))
        .as(log.toString()).isZero();
  }

  private void writeConfig(Path yaml, Path dataset, Path torrents, String announce)
      throws Exception {
    Files.writeString(yaml, SeederFixture.config(dataset, torrents, tmp.resolve("state"),
        btPort(), announce, "sower"));
  }

  private int btPort;

  private int btPort() throws Exception {
    if (btPort == 0) {
      btPort = SeedServer.freePort();
    }
    return btPort;
  }

  private static Set<String> hashes(Path release) throws Exception {
    return Manifest.read(release.resolve(Manifest.FILE)).torrents().stream()
        .map(Manifest.Torrent::infoHash).collect(Collectors.toSet());
  }

  private static List<byte[]> hashList(Set<String> hex) {
    return hex.stream().map(HexFormat.of()::parseHex).toList();
  }
}
