package dev.sower.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
  @TempDir Path tmp;

  @Test
  void reportsBadAndMissingFilesWithExitCodeOne() throws Exception {
    Path ds = MakeCommandTest.tiny(tmp);
    Path out = tmp.resolve("out");
    assertThat(MakeCommandTest.sower("make", "--dataset", ds.toString(), "--out", out.toString(),
        "--torrents", "1").code()).isZero();

    MakeCommandTest.Run ok = MakeCommandTest.sower("verify", "--dataset", ds.toString(),
        "--torrents", out.toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("original-0000-0999").contains("all pieces match");

    try (RandomAccessFile raf = new RandomAccessFile(ds.resolve("original/0034/34.jpg").toFile(), "rw")) {
      raf.seek(100);
      raf.write('#');
    }
    Files.delete(ds.resolve("original/0661/661.jpg"));
    MakeCommandTest.Run bad = MakeCommandTest.sower("verify", "--dataset", ds.toString(),
        "--torrents", out.toString(), "--torrent", "original-0000-0999");
    assertThat(bad.code()).isEqualTo(ExitCode.FAILURE.code());
    assertThat(bad.out()).contains("original-0000-0999     BAD")
        .contains("missing      original/0661/661.jpg")
        .contains("in bad piece original/0034/34.jpg")
        .contains("bad pieces");
    assertThat(bad.out()).doesNotContain("metadata ");
  }
}
