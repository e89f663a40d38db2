package dev.sower.torrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierTest {
  @TempDir Path tmp;
  Path ds;
  Path out;

  @BeforeEach
  void make() throws Exception {
    ds = tmp.resolve("ds");
    // 40 files of 20000 bytes in bucket 0001: pieces of 16 KiB straddle file boundaries
    for (int i = 0; i < 40; i++) {
      byte[] b = new byte[20000];
      java.util.Arrays.fill(b, (byte) i);
      Datasets.write(ds, "original/0001/" + (1001 + 1000 * i) + ".jpg", b);
    }
    Datasets.write(ds, "metadata/metadata.json.tar.xz", "meta");
    out = tmp.resolve("out");
    new TorrentMaker(l -> { }, new Progress())
        .make(MakeOptions.of(ds, out).withTorrents(1).withPieceLength(16384));
  }

  private VerifyResult verify(List<String> only) throws Exception {
    return new Verifier(l -> { }, new Progress(), 2).verify(ds, out, only);
  }

  private VerifyResult.TorrentReport originals(VerifyResult r) {
    return r.torrents().stream().filter(t -> t.name().equals("original-0000-0999")).findFirst()
        .orElseThrow();
  }

  @Test
  void cleanDatasetVerifies() throws Exception {
    VerifyResult r = verify(List.of());
    assertThat(r.ok()).isTrue();
    assertThat(r.torrents()).hasSize(2);
    assertThat(r.checkedBytes()).isEqualTo(40 * 20000 + 4);
  }

  @Test
  void findsAFlippedByte() throws Exception {
    Path f = ds.resolve("original/0001/11001.jpg"); // 11th file: bytes 200000..219999
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.seek(10000);
      raf.write(0x55);
    }
    VerifyResult.TorrentReport t = originals(verify(List.of()));
    assertThat(t.ok()).isFalse();
    assertThat(t.badPieces()).containsExactly((200000 + 10000) / 16384);
    // piece 12 covers the end of 10001.jpg and the start of 11001.jpg: both are suspect
    assertThat(t.badFiles()).containsExactly("original/0001/10001.jpg", "original/0001/11001.jpg");
    assertThat(t.missingFiles()).isEmpty();
    assertThat(t.wrongSizeFiles()).isEmpty();
  }

  @Test
  void findsATruncatedFile() throws Exception {
    Path f = ds.resolve("original/0001/3001.jpg"); // 3rd file: bytes 40000..59999
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(5000);
    }
    VerifyResult.TorrentReport t = originals(verify(List.of()));
    assertThat(t.wrongSizeFiles()).containsExactly("original/0001/3001.jpg: 5000 bytes, expected 20000");
    assertThat(t.badPieces()).containsExactly(45000 / 16384, 59999 / 16384);
    assertThat(t.badFiles()).contains("original/0001/3001.jpg");
  }

  @Test
  void findsAMissingFile() throws Exception {
    Files.delete(ds.resolve("original/0001/40001.jpg")); // last file: bytes 780000..799999
    VerifyResult r = verify(List.of("original-0000-0999"));
    assertThat(r.torrents()).hasSize(1);
    VerifyResult.TorrentReport t = originals(r);
    assertThat(t.missingFiles()).containsExactly("original/0001/40001.jpg");
    assertThat(t.badPieces()).containsExactly(780000 / 16384, 780000 / 16384 + 1);
    assertThat(r.ok()).isFalse();
  }

  @Test
  void unknownTorrentNameIsAnError() {
    assertThatThrownBy(() -> verify(List.of("original-0100-0199")))
        .hasMessageContaining("no torrent named original-0100-0199");
  }
}
