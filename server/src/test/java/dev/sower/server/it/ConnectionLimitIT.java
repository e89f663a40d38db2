package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.server.seed.TorrentFileReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bittorrent.max-connections and max-connections-per-torrent reach Bt: peers past the global limit
 * are disconnected right after the handshake (and bitfield); peers past the per-torrent limit stay
 * connected but are never served (Bt gives them no worker, so "interested" gets no unchoke).
 */
class ConnectionLimitIT {
  @TempDir
  java.nio.file.Path tmp;

  /** What the seeder did after our handshake. */
  enum Outcome { SERVED, DISCONNECTED, IGNORED }

  private static final class Peer implements AutoCloseable {
    final Socket socket;
    final DataInputStream in;
    final byte[] infoHash;
    final int n;

    Peer(int port, byte[] infoHash, int n) throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setSoTimeout(10_000);
      in = new DataInputStream(socket.getInputStream());
      this.infoHash = infoHash;
      this.n = n;
    }

    private void handshake() throws IOException {
      OutputStream out = socket.getOutputStream();
      out.write(19);
      out.write("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[8]); // reserved: no extensions
      out.write(infoHash);
      byte[] peerId = "-XX0001-limit-test-0".getBytes(StandardCharsets.US_ASCII);
      peerId[19] = (byte) ('0' + n);
      out.write(peerId);
      out.flush();
    }

    /**
     * Reads the seeder's handshake, says "interested" and waits up to {@code millis} for an
     * unchoke (Bt unchokes an interested peer at once), skipping the bitfield and other messages.
     */
    Outcome outcome(int millis) throws IOException {
      byte[] handshake = new byte[68];
      try {
        handshake();
        in.readFully(handshake);
        assertThat(Arrays.copyOfRange(handshake, 28, 48)).isEqualTo(infoHash);
        OutputStream out = socket.getOutputStream();
        out.write(new byte[] {0, 0, 0, 1, 2}); // interested
        out.flush();
        socket.setSoTimeout(millis);
        while (true) {
          int length = in.readInt();
          if (length < 0 || length > 1 << 20) {
            throw new AssertionError("bad message length " + length);
          }
          byte[] message = new byte[length];
          in.readFully(message);
          if (length == 1 && message[0] == 1) {
            return Outcome.SERVED;
          }
        }
      } catch (EOFException | java.net.SocketException e) {
        return Outcome.DISCONNECTED;
      } catch (SocketTimeoutException e) {
        return Outcome.IGNORED;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private List<Outcome> connect(String run, int total, int perTorrent, int peers)
      throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createDirectories(tmp.resolve(run));
    int[] port = new int[1];
    try (SampleRelease release = SampleRelease.start(dir, 40, 64, o -> {
      port[0] = o.btPort();
      return o.withConnectionLimits(total, perTorrent);
    })) {
      byte[] infoHash = TorrentFileReader.read(release.torrent).infoHash();
      List<Peer> open = new ArrayList<>();
      List<Outcome> outcomes = new ArrayList<>();
      try {
        for (int i = 0; i < peers; i++) {
          Peer p = new Peer(port[0], infoHash, i);
          open.add(p);
          outcomes.add(p.outcome(4_000));
        }
      } finally {
        for (Peer p : open) {
          p.close();
        }
      }
      System.out.printf("%s (max %d, per torrent %d): %s%n", run, total, perTorrent, outcomes);
      return outcomes;
    }
  }

  @Test
  void peersPastTheGlobalLimitAreDisconnected() throws Exception {
    assertThat(connect("global", 2, 10, 3))
        .containsExactly(Outcome.SERVED, Outcome.SERVED, Outcome.DISCONNECTED);
  }

  @Test
  void peersPastThePerTorrentLimitAreNotServed() throws Exception {
    assertThat(connect("per-torrent", 10, 1, 2))
        .containsExactly(Outcome.SERVED, Outcome.IGNORED);
  }
}
