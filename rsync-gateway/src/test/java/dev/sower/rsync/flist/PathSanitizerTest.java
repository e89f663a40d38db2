package dev.sower.rsync.flist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** sanitize_path for a daemon: the result never leaves the module. */
class PathSanitizerTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "a/b, a/b",
      "/etc/passwd, etc/passwd",
      "../../etc, etc",
      "a/../../b, b",
      "a/./b, a/b",
      "./a, a",
      "a//b/, a/b/",
      "'', .",
      "/, .",
      ".., .",
      "a/.., .",
      "..a/b.., ..a/b..",
  })
  void sanitizes(String in, String out) {
    assertThat(new String(PathSanitizer.sanitize(in.getBytes(StandardCharsets.UTF_8), false),
        StandardCharsets.UTF_8)).isEqualTo(out);
  }

  @ParameterizedTest
  @CsvSource({"a/./b, a/./b", "../x/./y, x/./y"})
  void keepsDotDirsWhenAsked(String in, String out) {
    assertThat(new String(PathSanitizer.sanitize(in.getBytes(StandardCharsets.UTF_8), true),
        StandardCharsets.UTF_8)).isEqualTo(out);
  }
}
