package dev.sower.torrent.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileFactsReaderTest {
  @TempDir Path tmp;

  @Test
  void directReadEqualsTheAttributeMap() throws Exception {
    Path file = Files.write(tmp.resolve("f.jpg"), new byte[1234]);
    Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(1_700_000_000L, 123_456_789)));
    Path dir = Files.createDirectory(tmp.resolve("d"));
    Path link = Files.createSymbolicLink(tmp.resolve("l"), file);
    for (Path p : new Path[] {file, dir, link}) {
      assertThat(FileFactsReader.read(p)).as(p.toString()).isEqualTo(FileFactsReader.readMap(p));
    }
    FileFactsReader.Facts f = FileFactsReader.read(file);
    assertThat(f.regular()).isTrue();
    assertThat(f.size()).isEqualTo(1234);
    assertThat(f.mtimeNanos()).isEqualTo(1_700_000_000_123_456_789L);
    assertThat(f.inode()).isPositive();
    assertThat(FileFactsReader.read(link).symlink()).isTrue();
    assertThat(FileFactsReader.read(dir).directory()).isTrue();
    assertThatThrownBy(() -> FileFactsReader.read(tmp.resolve("gone")))
        .isInstanceOf(NoSuchFileException.class);
  }
}
