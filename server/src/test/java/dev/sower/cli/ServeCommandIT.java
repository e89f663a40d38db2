package dev.sower.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.dataset.sample.SampleGenerator;
import dev.sower.dataset.sample.SampleOptions;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sower serve --no-bittorrent} answers the real rsync client until interrupted. */
class ServeCommandIT {
  @TempDir
  Path dir;

  @Test
  void servesTheDatasetToRsync() throws Exception {
    Path data = dir.resolve("data");
    new SampleGenerator(l -> { }).generate(new SampleOptions(data, 20, 3, 2026, 2));
    PipedWriter pw = new PipedWriter();
    BufferedReader lines = new BufferedReader(new PipedReader(pw, 1 << 16));
    AtomicInteger code = new AtomicInteger(-1);
    Thread serve = new Thread(() -> code.set(SowerCli.run(new PrintWriter(pw, true), "serve",
        "--dataset", data.toString(), "--module", "sower", "--rsync-listen", "127.0.0.1:0",
        "--no-bittorrent")));
    serve.start();
    try {
      String first = lines.readLine();
      Matcher m = Pattern.compile("on 127\\.0\\.0\\.1:(\\d+)$").matcher(first);
      assertThat(m.find()).as(first).isTrue();
      String url = "rsync://127.0.0.1:" + m.group(1) + "/sower/metadata/";
      Process p = new ProcessBuilder("rsync", "-r", "--list-only", url).start();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes())).isZero();
      assertThat(out).contains("metadata.json.tar.xz");

      // A real download through `sower serve`: the bytes equal the dataset's.
      Path dest = dir.resolve("dest");
      Process get = new ProcessBuilder("rsync", "-rt", url, dest + "/").redirectErrorStream(true).start();
      assertThat(get.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String log = new String(get.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(get.exitValue()).as(log).isZero();
      assertThat(java.nio.file.Files.readAllBytes(dest.resolve("metadata.json.tar.xz")))
          .isEqualTo(java.nio.file.Files.readAllBytes(data.resolve("metadata/metadata.json.tar.xz")));
    } finally {
      serve.interrupt();
      serve.join(10_000);
    }
    assertThat(serve.isAlive()).isFalse();
    assertThat(code.get()).isEqualTo(130);
  }
}
