package dev.sower.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SowerCliTest {
  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SowerCli.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    Result r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("sample", "make", "verify", "serve", "select", "demo")
        .contains("Exit codes:").contains("69");
    for (String cmd : new String[] {"sample", "make", "verify", "serve", "select", "demo"}) {
      assertThat(run(cmd, "--help").code()).as(cmd + " --help").isZero();
    }
  }

  @Test
  void noCommandOrAnUnknownOneIsAUsageError() {
    assertThat(run().code()).isEqualTo(ExitCode.USAGE.code());
    Result r = run("frobnicate");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(r.err()).contains("frobnicate");
  }

  @Test
  void sampleWritesARelease(@TempDir Path tmp) {
    Path out = tmp.resolve("ds");
    Result r = run("sample", "--out", out.toString(), "--images", "50", "--seed", "3", "--mean-kib", "4");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("release 2026 written to").contains("50 in the metadata");
    assertThat(out.resolve("metadata/metadata.json.tar.xz")).isRegularFile();
    assertThat(out.resolve("original/0000")).isDirectory();

    Path next = tmp.resolve("ds2");
    Result u = run("sample", "--out", next.toString(), "--update-from", out.toString());
    assertThat(u.code()).as(u.err()).isZero();
    assertThat(u.out()).contains("release 2027").contains("added       5 images");
    assertThat(next.resolve("metadata/2026/metadata.json.tar.xz")).isRegularFile();
  }

  @Test
  void sampleRejectsBadValuesClearly(@TempDir Path tmp) throws Exception {
    Result r = run("sample", "--out", tmp.resolve("x").toString(), "--images", "0");
    assertThat(r.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(r.err()).contains("--images must be between 1 and");

    Result missing = run("sample", "--images", "10");
    assertThat(missing.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(missing.err()).contains("--out");

    Files.writeString(tmp.resolve("precious.txt"), "keep");
    Result nonEmpty = run("sample", "--out", tmp.toString(), "--images", "10");
    assertThat(nonEmpty.code()).isEqualTo(ExitCode.FAILURE.code());
    assertThat(nonEmpty.err()).contains("is not empty");
    assertThat(tmp.resolve("precious.txt")).hasContent("keep");

    Result mixed = run("sample", "--out", tmp.resolve("y").toString(), "--update-from", tmp.toString(),
        "--images", "5");
    assertThat(mixed.code()).isEqualTo(ExitCode.USAGE.code());
    assertThat(mixed.err()).contains("do not go with --update-from");

    Result notRelease = run("sample", "--out", tmp.resolve("z").toString(), "--update-from", tmp.toString());
    assertThat(notRelease.code()).isEqualTo(ExitCode.FAILURE.code());
    assertThat(notRelease.err()).contains("is not a sample release");
  }
}
