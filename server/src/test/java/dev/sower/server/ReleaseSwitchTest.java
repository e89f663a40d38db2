package dev.sower.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.server.testing.ManyFiles;
import dev.sower.server.testing.TestTorrents;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new release: the torrent of the same name now lists 10% more files (new IDs at the end). The
 * files it shares with the previous release keep their stamps (found by path), so only the
 * pieces holding new bytes are hashed at the switch; a changed file is hashed again.
 */
class ReleaseSwitchTest {
  @TempDir
  Path tmp;

  @Test
  void unchangedFilesOfThePreviousReleaseAreTrustedByPath() throws Exception {
    Path dataset = tmp.resolve("dataset");
    List<String> all = ManyFiles.create(dataset, 2200, 9);
    List<String> first = all.subList(0, 2000);
    Path state = tmp.resolve("state");
    int piece = 32 * 1024;

    Path r1 = Files.createDirectories(tmp.resolve("r1"));
    TestTorrents.write(dataset, first, piece, null, r1.resolve("original.torrent"));
    SeedingService.TorrentSummary s1 = startAndStop(dataset, r1, state);
    assertThat(s1.hashed()).isEqualTo(s1.pieces());

    // Release 2: same torrent name, 200 more files; one old file rewritten (new mtime).
    Files.writeString(dataset.resolve(first.get(500)), "re-encoded");
    Path r2 = Files.createDirectories(tmp.resolve("r2"));
    TestTorrents.write(dataset, new ArrayList<>(all), piece, null,
        r2.resolve("original.torrent"));
    SeedingService.TorrentSummary s2 = startAndStop(dataset, r2, state);

    long oldBytes = 0;
    for (String f : first) {
      oldBytes += Files.size(dataset.resolve(f));
    }
    int piecesOfOldFilesOnly = (int) (oldBytes / piece);
    // Hashed: the pieces from the last old byte on, plus about two around the rewritten file.
    assertThat(s2.hashed()).isLessThanOrEqualTo(s2.pieces() - piecesOfOldFilesOnly + 3);
    assertThat(s2.trusted()).isGreaterThanOrEqualTo(piecesOfOldFilesOnly - 3);
    assertThat(s2.failed()).isZero();
    System.out.printf("release switch: %d pieces, %d trusted, %d hashed%n", s2.pieces(),
        s2.trusted(), s2.hashed());

    // Restarting release 2 trusts everything.
    SeedingService.TorrentSummary s3 = startAndStop(dataset, r2, state);
    assertThat(s3.trusted()).isEqualTo(s3.pieces());
  }

  private static SeedingService.TorrentSummary startAndStop(Path dataset, Path release, Path state)
      throws Exception {
    SeedingService s = SeedingService.start(SeedingService.Options.defaults(dataset, release,
        state, InetAddress.getLoopbackAddress(), 0));
    try {
      return s.summaries().get(0);
    } finally {
      s.stop(Duration.ofSeconds(1));
    }
  }
}
