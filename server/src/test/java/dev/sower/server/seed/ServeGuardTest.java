package dev.sower.server.seed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.server.testing.TestTorrents;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** First-serve checks, and the verified bytes handed on so a first-served piece is read once. */
class ServeGuardTest {
  private static final int PIECE = 1000;

  @TempDir
  Path tmp;
  private Path root;
  private byte[] stream;
  private SeedTorrent torrent;
  private DatasetReader reader;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @BeforeEach
  void dataset() throws Exception {
    root = tmp.resolve("data");
    // Sizes chosen so pieces span several files, one file spans pieces, and one file is empty.
    int[] sizes = {300, 0, 2500, 450, 700, 1};
    List<String> names = new ArrayList<>();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    Random rnd = new Random(7);
    for (int i = 0; i < sizes.length; i++) {
      byte[] b = new byte[sizes[i]];
      rnd.nextBytes(b);
      String name = "d" + (i % 2) + "/f" + i;
      Files.createDirectories(root.resolve(name).getParent());
      Files.write(root.resolve(name), b);
      names.add(name);
      all.writeBytes(b);
    }
    stream = all.toByteArray();
    Path file = tmp.resolve("t.torrent");
    TestTorrents.write(root, names, PIECE, null, file);
    torrent = TorrentFileReader.read(file);
    reader = new DatasetReader(root, 4);
  }

  @AfterEach
  void close() throws Exception {
    pool.shutdownNow();
    reader.close();
  }

  @Test
  void handsOnExactlyTheBytesOfEachGoodPieceOnceBeforeTheCheckCompletes() throws Exception {
    ServeGuard guard = new ServeGuard(torrent, reader, new FileStamps(torrent.files().count()));
    Map<Integer, byte[]> kept = new ConcurrentHashMap<>();
    Map<Integer, Integer> calls = new ConcurrentHashMap<>();
    guard.keepVerifiedBytes((piece, bytes) -> {
      kept.put(piece, bytes);
      calls.merge(piece, 1, Integer::sum);
    });
    assertThat(torrent.pieceCount()).isEqualTo(4);
    for (int p = 0; p < torrent.pieceCount(); p++) {
      int piece = p;
      boolean ok = guard.checkAsync(p, pool)
          .thenApply(good -> good && kept.containsKey(piece)).get();
      assertThat(ok).as("piece %d good and its bytes kept first", p).isTrue();
      assertThat(guard.checkAsync(p, pool).get()).isTrue();
    }
    for (int p = 0; p < torrent.pieceCount(); p++) {
      int from = p * PIECE;
      int to = Math.min(stream.length, from + PIECE);
      assertThat(kept.get(p)).as("piece %d", p).isEqualTo(Arrays.copyOfRange(stream, from, to));
    }
    assertThat(kept.get(3)).hasSize(stream.length - 3 * PIECE);
    assertThat(calls).allSatisfy((p, n) -> assertThat(n).isEqualTo(1));
    assertThat(guard.piecesHashed()).isEqualTo(4);
  }

  @Test
  void loadingACheckedPieceHandsOnItsBytesAgainWithoutHashing() throws Exception {
    ServeGuard guard = new ServeGuard(torrent, reader, new FileStamps(torrent.files().count()));
    Map<Integer, byte[]> kept = new ConcurrentHashMap<>();
    guard.keepVerifiedBytes(kept::put);
    assertThat(guard.checkAsync(2, pool).get()).isTrue();
    kept.clear();
    guard.loadAsync(2, pool).get();
    assertThat(kept.get(2)).isEqualTo(Arrays.copyOfRange(stream, 2 * PIECE, 3 * PIECE));
    assertThat(guard.piecesHashed()).isEqualTo(1);
    // a read that fails hands nothing on and still completes (the block is read where served);
    // truncated in place, as the reader may hold the file open
    Files.write(root.resolve("d0/f2"), new byte[10]);
    kept.clear();
    guard.loadAsync(1, pool).get();
    assertThat(kept).isEmpty();
  }

  @Test
  void corruptPieceIsWithdrawnAndItsBytesAreNotHandedOn() throws Exception {
    byte[] f2 = Files.readAllBytes(root.resolve("d0/f2"));
    f2[1000] ^= 1; // f2 starts at stream offset 300, so this is byte 1300: piece 1
    Files.write(root.resolve("d0/f2"), f2);
    ServeGuard guard = new ServeGuard(torrent, reader, new FileStamps(torrent.files().count()));
    Map<Integer, byte[]> kept = new ConcurrentHashMap<>();
    List<Integer> withdrawn = new ArrayList<>();
    guard.keepVerifiedBytes(kept::put);
    guard.onCorrupt(withdrawn::add);
    assertThat(guard.checkAsync(1, pool).get()).isFalse();
    assertThat(guard.checkAsync(0, pool).get()).isTrue();
    assertThat(kept).containsOnlyKeys(0);
    assertThat(withdrawn).containsExactly(1);
    assertThat(guard.corruptPieces()).isEqualTo(1);
  }

  @Test
  void readAndMatchFailsOnAShortFileAndMatchesAgreesWithIt() throws Exception {
    PieceHasher hasher = new PieceHasher(torrent, reader);
    byte[] buffer = new byte[PIECE];
    assertThat(hasher.readAndMatch(2, buffer)).isTrue();
    assertThat(hasher.matches(2)).isTrue();
    Files.write(root.resolve("d1/f3"), new byte[10]); // piece 2 (2000..3000) ends inside f3
    reader.close();
    DatasetReader fresh = new DatasetReader(root, 4);
    try {
      PieceHasher again = new PieceHasher(torrent, fresh);
      assertThat(again.readAndMatch(2, buffer)).isFalse();
      assertThat(again.matches(2)).isFalse();
      assertThat(again.readAndMatch(0, buffer)).isTrue();
    } finally {
      fresh.close();
    }
  }
}
