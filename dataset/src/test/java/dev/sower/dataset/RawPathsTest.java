package dev.sower.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawPathsTest {
  @TempDir Path dir;

  @Test
  void namesThatAreNotUtf8RoundTripByteForByte() throws Exception {
    assertThat(RawPaths.exact()).as("tests run with --add-opens java.base/sun.nio.fs").isTrue();
    byte[] name = {'a', (byte) 0xff, 'b', '.', 'j', 'p', 'g'};
    Path file = RawPaths.resolve(dir, name);
    Files.write(file, new byte[] {1, 2, 3});

    List<Path> listed;
    try (Stream<Path> s = Files.list(dir)) {
      listed = s.toList();
    }
    assertThat(listed).hasSize(1);
    assertThat(RawPaths.nameBytes(listed.get(0))).containsExactly(name);
    assertThat(Files.readAllBytes(RawPaths.resolve(dir, RawPaths.nameBytes(listed.get(0)))))
        .containsExactly(1, 2, 3);
    // The lossy text form no longer names the file: that is why RawPaths exists.
    assertThat(Files.exists(Path.of(listed.get(0).toString()))).isFalse();
  }

  @Test
  void rejectsNul() {
    assertThatThrownBy(() -> RawPaths.of(new byte[] {'a', 0, 'b'}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
  }
}
