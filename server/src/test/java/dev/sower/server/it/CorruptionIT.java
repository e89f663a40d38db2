package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.server.seed.SeedTorrent;
import dev.sower.server.seed.TorrentFileReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bit rot after start: a byte flips in a seeded file (size and mtime unchanged, so nothing but
 * the data says so). The piece is hashed when first requested, found bad, withdrawn and counted;
 * a libtorrent client still gets every other piece.
 */
class CorruptionIT {
  static final String DOWNLOAD = """
      import sys, time
      import libtorrent as lt
      ses = lt.session({'listen_interfaces': '127.0.0.1:0', 'enable_dht': False,
                        'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False})
      h = ses.add_torrent({'ti': lt.torrent_info(sys.argv[1]), 'save_path': sys.argv[2]})
      want = int(sys.argv[3])
      deadline = time.time() + float(sys.argv[4])
      while h.status().num_pieces < want and time.time() < deadline:
          time.sleep(0.2)
      time.sleep(2)
      pieces = h.status().pieces
      print('missing', ' '.join(str(i) for i, have in enumerate(pieces) if not have))
      """;

  @TempDir
  Path tmp;

  @Test
  void aFlippedByteIsNotServedAndTheRestKeepsSeeding() throws Exception {
    try (SampleRelease release = SampleRelease.start(tmp, 300, 64)) {
      SeedTorrent torrent = TorrentFileReader.read(release.torrent);
      int file = largestFile(torrent);
      long offset = torrent.files().size(file) / 2;
      int badPiece = (int) ((torrent.files().start(file) + offset) / torrent.pieceLength());
      flipByte(release.dataset.resolve(new String(torrent.files().path(file),
          StandardCharsets.UTF_8)), offset);

      Path script = tmp.resolve("download.py");
      Files.writeString(script, DOWNLOAD, StandardCharsets.UTF_8);
      String output = Proc.run(tmp.resolve("lt.log"), tmp, Duration.ofSeconds(120),
          List.of("/usr/bin/python3", script.toString(), release.torrent.toString(),
              Files.createDirectories(tmp.resolve("lt")).toString(),
              Integer.toString(torrent.pieceCount() - 1), "60"));

      assertThat(output.strip()).isEqualTo("missing " + badPiece);
      assertThat(release.server.seeding.corruptPieces()).isEqualTo(1);
    }
  }

  private static int largestFile(SeedTorrent torrent) {
    int best = 0;
    for (int f = 0; f < torrent.files().count(); f++) {
      if (torrent.files().size(f) > torrent.files().size(best)
          && new String(torrent.files().path(f), StandardCharsets.UTF_8).startsWith("original/")) {
        best = f;
      }
    }
    return best;
  }

  static void flipByte(Path file, long offset) throws Exception {
    FileTime mtime = Files.getLastModifiedTime(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, offset);
      b.put(0, (byte) (b.get(0) ^ 0x20)).rewind();
      ch.write(b, offset);
    }
    Files.setLastModifiedTime(file, mtime);
  }
}
