package dev.sower.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sower select ... | head -1} in a real shell pipeline, with the packaged jar: the command
 * notices its reader is gone, stops reading and exits quietly with 141 (as grep does when SIGPIPE
 * kills it there). The input never ends ({@code yes}), so only stopping early can finish.
 */
class SelectPipeIT {
  private static final String LINE =
      "{\"id\":\"58991\",\"rating\":\"s\",\"file_ext\":\"png\",\"is_deleted\":false,"
          + "\"tags\":[{\"name\":\"1girl\"}],\"score\":\"12\"}";

  @TempDir Path tmp;

  @Test
  void stopsQuietlyWhenHeadHasEnough() throws Exception {
    Path jar = Path.of("target", "sower.jar").toAbsolutePath();
    assertThat(jar).as("packaged jar (failsafe runs after package)").exists();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String sower = "'" + java + "' --add-opens java.base/sun.nio.fs=ALL-UNNAMED -Xmx128m -jar '"
        + jar + "'";
    Path status = tmp.resolve("status");
    Path err = tmp.resolve("stderr");
    Path out = tmp.resolve("stdout");
    String script = "{ yes '" + LINE + "' | " + sower + " select --metadata - --tag 1girl 2>'" + err
        + "'; echo $? >'" + status + "'; } | head -1 >'" + out + "'";
    Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("sh.log").toFile()).start();
    long t0 = System.nanoTime();
    try {
      assertThat(p.waitFor(30, TimeUnit.SECONDS))
          .as("pipeline finished (sower stopped reading an endless input)").isTrue();
    } finally {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
    System.out.printf("sower select | head -1 on endless input: %d ms%n",
        Duration.ofNanos(System.nanoTime() - t0).toMillis());
    assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo("original/0991/58991.png\n");
    assertThat(Files.readString(status).trim()).isEqualTo("141");
    assertThat(Files.readString(err, StandardCharsets.UTF_8)).isEmpty();
    assertThat(Files.readString(tmp.resolve("sh.log"))).isEmpty();
  }

  @Test
  void exitsZeroWhenTheReaderTakesEverything() throws Exception {
    Path jar = Path.of("target", "sower.jar").toAbsolutePath();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path in = tmp.resolve("in.jsonl");
    Files.write(in, List.of(LINE, LINE.replace("58991", "7")));
    Process p = new ProcessBuilder(java, "--add-opens", "java.base/sun.nio.fs=ALL-UNNAMED",
        "-jar", jar.toString(), "select", "--metadata", in.toString(), "--format", "ids")
        .redirectError(tmp.resolve("stderr").toFile()).start();
    try {
      String got = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(got).isEqualTo("58991\n7\n");
      assertThat(p.exitValue()).isZero();
      assertThat(Files.readString(tmp.resolve("stderr"))).contains("2 records read, 2 selected");
    } finally {
      p.destroyForcibly();
    }
  }
}
