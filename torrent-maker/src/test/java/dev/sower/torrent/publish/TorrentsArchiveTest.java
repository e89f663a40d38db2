package dev.sower.torrent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorrentsArchiveTest {
  @TempDir Path tmp;

  /** A torrent-like member: compressible text around a block of random "piece hashes". */
  private static TorrentsArchive.Member member(Random r, int text, int hashes) {
    byte[] b = new byte[text + hashes + text];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) ("original/0001/1001.jpg".charAt(i % 22));
    }
    byte[] h = new byte[hashes];
    r.nextBytes(h);
    System.arraycopy(h, 0, b, text, hashes);
    return new TorrentsArchive.Member(b, text, text + hashes);
  }

  private static TreeMap<String, byte[]> unpack(byte[] xz) throws IOException {
    TreeMap<String, byte[]> got = new TreeMap<>();
    try (InputStream in = new XZCompressorInputStream(new ByteArrayInputStream(xz), true);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        assertThat(e.getMode() & 07777).isEqualTo(0644);
        assertThat(e.getLongUserId()).isZero();
        got.put(e.getName(), tar.readAllBytes());
      }
    }
    return got;
  }

  @Test
  void membersRoundTripAndPieceHashesAreStored() throws IOException {
    Random r = new Random(3);
    TreeMap<String, TorrentsArchive.Member> members = new TreeMap<>();
    members.put("a.torrent", member(r, 300_000, 1_500_000)); // spans several 1 MiB chunks
    members.put("b.torrent", member(r, 10, 20));
    members.put("c.torrent", TorrentsArchive.Member.of(new byte[0]));
    members.put("d".repeat(150) + ".torrent", member(r, 5000, 40_000)); // PAX long name
    members.put("e.torrent", TorrentsArchive.Member.of("hello".getBytes()));
    Path file = tmp.resolve("t.tar.xz");
    TorrentsArchive.write(file, members, 1_700_000_000L);
    byte[] xz = Files.readAllBytes(file);
    TreeMap<String, byte[]> got = unpack(xz);
    assertThat(got.keySet()).containsExactlyElementsOf(members.keySet());
    for (var e : members.entrySet()) {
      assertThat(got.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue().bytes());
    }
    // the random bytes are stored (about their own size), the text around them compressed
    assertThat(xz.length).isBetween(1_540_000, 1_600_000);
    // deterministic
    Path again = tmp.resolve("u.tar.xz");
    TorrentsArchive.write(again, members, 1_700_000_000L);
    assertThat(Files.readAllBytes(again)).isEqualTo(xz);
  }

  @Test
  void storedRegionsCoverExactlyTheMarkedBytes() throws IOException {
    Random r = new Random(5);
    TreeMap<String, TorrentsArchive.Member> members = new TreeMap<>();
    members.put("x.torrent", member(r, 700, 2000));
    members.put("y.torrent", member(r, 1, 1));
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    try (var t = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(tar)) {
      for (var e : members.entrySet()) {
        TarArchiveEntry te = new TarArchiveEntry(e.getKey());
        te.setSize(e.getValue().bytes().length);
        t.putArchiveEntry(te);
        t.write(e.getValue().bytes());
        t.closeArchiveEntry();
      }
      t.finish();
    }
    byte[] b = tar.toByteArray();
    var regions = TorrentsArchive.regions(b, b.length, members.values());
    int at = 0;
    int stored = 0;
    for (XzOptions.Region g : regions) {
      assertThat(g.from()).isEqualTo(at);
      at = g.to();
      if (g.stored()) {
        stored += g.to() - g.from();
      }
    }
    assertThat(at).isEqualTo(b.length);
    assertThat(stored).isEqualTo(2001);
    assertThat(regions).filteredOn(XzOptions.Region::stored).hasSize(2);
    XzOptions.Region first = regions.stream().filter(XzOptions.Region::stored).findFirst().get();
    assertThat(Arrays.copyOfRange(b, first.from(), first.to()))
        .isEqualTo(Arrays.copyOfRange(members.get("x.torrent").bytes(), 700, 2700));
  }
}
