package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.cli.SowerCli;
import dev.sower.dataset.RawPaths;
import dev.sower.dataset.sample.SampleGenerator;
import dev.sower.dataset.sample.SampleOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The update path of issue #7: a libtorrent client holding release 1's files is given release
 * 2's torrents ({@code make --previous}) and downloads them from {@code sower serve} alone; the
 * bytes it downloads (counted by the client) stay within 1.02 x the bytes that are truly new.
 */
class UpdateDownloadIT {
  static final String UPDATE = """
      import sys, time
      import libtorrent as lt
      ses = lt.session({'listen_interfaces': '127.0.0.1:0', 'enable_dht': False,
                        'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False})
      handles = [ses.add_torrent({'ti': lt.torrent_info(t), 'save_path': sys.argv[1]})
                 for t in sys.argv[3:]]
      deadline = time.time() + float(sys.argv[2])
      while not all(h.status().is_seeding for h in handles):
          if time.time() > deadline:
              for h in handles:
                  s = h.status()
                  print('timeout', s.name, s.state, s.progress, s.num_peers, file=sys.stderr)
              sys.exit(2)
          time.sleep(0.2)
      print('downloaded', sum(h.status().total_payload_download for h in handles))
      """;

  @TempDir
  Path tmp;

  @Test
  void clientWithReleaseOneDownloadsLittleMoreThanTheNewBytes() throws Exception {
    long t0 = System.nanoTime();
    Path r1 = tmp.resolve("r1");
    Path r2 = tmp.resolve("r2");
    SampleGenerator gen = new SampleGenerator(s -> { });
    gen.generate(new SampleOptions(r1, 3000, 21, 2025, SampleOptions.DEFAULT_MEAN_KIB));
    gen.update(r1, r2, 22);
    int http = SeedServer.freePort();
    String announce = "http://127.0.0.1:" + http + "/announce";
    Path rel1 = tmp.resolve("rel1");
    Path rel2 = tmp.resolve("rel2");
    sower("make", "--dataset", r1.toString(), "--out", rel1.toString(), "--name", "ds",
        "--torrents", "1", "--announce", announce);
    sower("make", "--dataset", r2.toString(), "--out", rel2.toString(), "--name", "ds",
        "--torrents", "1", "--announce", announce, "--previous", rel1.toString());

    // the client's copy of release 1, named as libtorrent names files on disk
    Path client = tmp.resolve("client");
    copyAsLibtorrentNames(r1, client.resolve("ds"));
    long fresh = newBytes(r1, r2);
    System.out.printf("update: releases, torrents, client copy in %d ms%n",
        (System.nanoTime() - t0) / 1_000_000);

    Path yaml = ServeYaml.seeding(r2, rel2, tmp.resolve("state"), http, SeedServer.freePort())
        .write(tmp.resolve("sower.yaml"));
    try (InProcessServe serve = InProcessServe.start(Duration.ofSeconds(60),
        Pattern.compile("seeding \\d+ torrents"), "serve", "--config", yaml.toString())) {
      Path script = tmp.resolve("update.py");
      Files.writeString(script, UPDATE, StandardCharsets.UTF_8);
      List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString(),
          client.toString(), "120"));
      try (Stream<Path> s = Files.list(rel2)) {
        s.filter(p -> p.toString().endsWith(".torrent")).sorted()
            .forEach(p -> cmd.add(p.toString()));
      }
      long t1 = System.nanoTime();
      String out = Proc.run(tmp.resolve("lt.log"), tmp, Duration.ofSeconds(150), cmd);
      Matcher m = Pattern.compile("downloaded (\\d+)").matcher(out);
      assertThat(m.find()).as(out).isTrue();
      long downloaded = Long.parseLong(m.group(1));
      double ratio = (double) downloaded / fresh;
      System.out.printf("update: %d bytes truly new, %d downloaded by libtorrent, ratio %.4f,"
          + " in %d ms%n", fresh, downloaded, ratio, (System.nanoTime() - t1) / 1_000_000);
      assertThat(downloaded).isGreaterThanOrEqualTo(fresh);
      assertThat(ratio).isLessThanOrEqualTo(1.02);
    }
    // every file of release 2 is now on the client (files release 2 removed stay there)
    for (var e : Trees.files(r2).entrySet()) {
      Path got = client.resolve("ds");
      for (Path part : r2.relativize(e.getValue())) {
        got = RawPaths.resolve(got, sanitized(RawPaths.nameBytes(part)));
      }
      assertThat(Files.readAllBytes(got)).as(e.getKey())
          .isEqualTo(Files.readAllBytes(e.getValue()));
    }
  }

  private static void sower(String... args) {
    StringWriter log = new StringWriter();
    assertThat(SowerCli.run(new PrintWriter(log), args)).as(log.toString()).isZero();
  }

  /** Bytes of release 2's files that release 1 does not hold at the same path. */
  private static long newBytes(Path r1, Path r2) throws IOException {
    long[] sum = {0};
    Files.walkFileTree(r2, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) {
          Path old = RawPaths.resolve(r1, RawPaths.bytes(r2.relativize(file)));
          if (!Files.isRegularFile(old)
              || !Arrays.equals(Files.readAllBytes(old), Files.readAllBytes(file))) {
            sum[0] += attrs.size();
          }
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return sum[0];
  }

  /** Copies a tree; a name that is not UTF-8 gets libtorrent's name for it (bad bytes: '_'). */
  private static void copyAsLibtorrentNames(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
          throws IOException {
        Files.createDirectories(target(dir));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.copy(file, target(file));
        return FileVisitResult.CONTINUE;
      }

      private Path target(Path p) {
        Path rel = from.relativize(p);
        Path out = to;
        for (Path part : rel) {
          out = RawPaths.resolve(out, sanitized(RawPaths.nameBytes(part)));
        }
        return out;
      }
    });
  }

  static byte[] sanitized(byte[] name) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(name));
      return name;
    } catch (CharacterCodingException e) {
      return replaceInvalid(name);
    }
  }

  private static byte[] replaceInvalid(byte[] name) {
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
          .replaceWith("_").decode(ByteBuffer.wrap(name)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException(e);
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
