package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.server.seed.TorrentFileReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One bad session never hurts another: a peer that asks for every block of a torrent and never
 * reads its socket (its receive window closes after a few KiB) must not stall the seeder for
 * aria2c downloading the same torrent meanwhile, and is disconnected once nothing could be written
 * to it for the seeder's stall limit ({@code NonBlockingChannelHandler.STALL_LIMIT}, 30 s).
 */
class SlowPeerIT {
  private static final int FILES = 24;
  private static final int FILE_BYTES = 1 << 20;
  private static final long TOTAL = (long) FILES * FILE_BYTES;
  private static final int PIECE = 256 * 1024;
  private static final int BLOCK = 16 * 1024;
  /** The seeder's stall limit plus the time its dispatcher and the kernel take to act. */
  private static final Duration DISCONNECT_WITHIN = Duration.ofSeconds(30 + 15);

  @TempDir
  Path tmp;

  /** A peer that handshakes, gets unchoked, requests every block and then reads nothing. */
  private static final class NeverReadingPeer implements AutoCloseable {
    final Socket socket = new Socket();

    NeverReadingPeer(int port, byte[] infoHash) throws IOException {
      socket.setReceiveBufferSize(4096); // before connecting: fixes the advertised window
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(19);
      out.write("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[8]); // reserved: no extensions
      out.write(infoHash);
      out.write("-XX0001-never-reads-".getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[] {0, 0, 0, 1, 2}); // interested
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] handshake = new byte[68];
      in.readFully(handshake);
      assertThat(Arrays.copyOfRange(handshake, 28, 48)).isEqualTo(infoHash);
      while (true) { // bitfield, then unchoke
        int length = in.readInt();
        assertThat(length).isBetween(0, 1 << 20);
        byte[] message = in.readNBytes(length);
        if (length == 1 && message[0] == 1) {
          break;
        }
      }
    }

    /** REQUESTs for every block of the torrent, written in one go; returns their count. */
    int requestEverything() throws IOException {
      int blocks = (int) (TOTAL / BLOCK);
      ByteBuffer requests = ByteBuffer.allocate(blocks * 17);
      for (int piece = 0; piece < TOTAL / PIECE; piece++) {
        for (int offset = 0; offset < PIECE; offset += BLOCK) {
          requests.putInt(13).put((byte) 6).putInt(piece).putInt(offset).putInt(BLOCK);
        }
      }
      socket.getOutputStream().write(requests.array());
      socket.getOutputStream().flush();
      return blocks;
    }

    /** Reads what the seeder sent until it closes; -1 if it is still connected and idle. */
    long drainUntilClosed() throws IOException {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[64 * 1024];
      long read = 0;
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          read += n;
        }
        return read;
      } catch (SocketException e) { // reset: closed too
        return read;
      } catch (SocketTimeoutException e) {
        return -1;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void aPeerThatNeverReadsNeitherStallsAria2cNorStaysConnected() throws Exception {
    Path dataset = Files.createDirectories(tmp.resolve("data"));
    Random random = new Random(7);
    byte[] bytes = new byte[FILE_BYTES];
    for (int i = 0; i < FILES; i++) {
      random.nextBytes(bytes);
      Files.write(dataset.resolve("file-" + i + ".bin"), bytes);
    }
    int[] port = new int[1];
    try (SampleRelease release = SampleRelease.seed(tmp, dataset, PIECE / 1024, o -> {
      port[0] = o.btPort();
      return o;
    })) {
      byte[] infoHash = TorrentFileReader.read(release.torrent).infoHash();
      try (NeverReadingPeer slow = new NeverReadingPeer(port[0], infoHash)) {
        long requested = System.nanoTime();
        int blocks = slow.requestEverything();
        Thread.sleep(3000); // the seeder has filled the slow peer's window by now
        Path out = Files.createDirectories(tmp.resolve("aria2"));
        long start = System.nanoTime();
        Proc.run(tmp.resolve("aria2.log"), tmp, Duration.ofSeconds(90),
            Aria2.download(release.torrent, out));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("aria2c: %d bytes in %.2f s beside a peer that never reads"
            + " (%d blocks requested)%n", TOTAL, seconds, blocks);
        assertThat(Trees.differences(dataset, out.resolve("data"))).isEmpty();

        long waitMs = DISCONNECT_WITHIN.toMillis() - (System.nanoTime() - requested) / 1_000_000;
        if (waitMs > 0) {
          Thread.sleep(waitMs);
        }
        long sent = slow.drainUntilClosed();
        System.out.printf("never-reading peer: closed by the seeder after %d bytes%n", sent);
        assertThat(sent).as("bytes before the seeder closed the stalled connection (-1: open)")
            .isBetween(0L, TOTAL / 2);
      }
    }
  }
}
