package dev.sower.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A make killed with SIGKILL while hashing leaves the previous output exactly as it was. */
class KilledMakeIT {
  @TempDir Path tmp;

  @Test
  void killedRunLeavesThePreviousOutputIntact() throws Exception {
    Path ds = Datasets.sample(tmp, 1500, 31);
    Path out = tmp.resolve("out");
    new TorrentMaker(l -> { }, new Progress()).make(MakeOptions.of(ds, out));
    byte[] manifest = Files.readAllBytes(out.resolve("manifest.json"));
    List<Path> before = list(out);
    // the next release differs, so a finished run would have replaced the output
    Datasets.write(ds, "original/0001/777001.jpg", "new ".repeat(10000));

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "--add-opens", "java.base/sun.nio.fs=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), MakeMain.class.getName(), ds.toString(),
        out.toString()).redirectErrorStream(true).start();
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null && !line.startsWith("hashing")) {
        // wait until hashing has started
      }
      assertThat(line).as("the child reached hashing").isNotNull();
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    assertThat(p.exitValue()).as("killed, not finished").isNotZero();
    assertThat(Files.readAllBytes(out.resolve("manifest.json"))).isEqualTo(manifest);
    assertThat(list(out)).isEqualTo(before);
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(x -> x.getFileName().toString())).anyMatch(n -> n.startsWith(".out.sower-tmp-"));
    }
    // the next run succeeds, replaces the output and deletes the killed run's leftovers
    MakeResult again = new TorrentMaker(l -> { }, new Progress()).make(MakeOptions.of(ds, out));
    assertThat(again.manifest().scan().files()).isGreaterThan(0);
    assertThat(Files.readAllBytes(out.resolve("manifest.json"))).isNotEqualTo(manifest);
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(x -> x.getFileName().toString())).noneMatch(n -> n.contains(".sower-"));
    }
  }

  private static List<Path> list(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(dir::relativize).sorted().toList();
    }
  }
}
