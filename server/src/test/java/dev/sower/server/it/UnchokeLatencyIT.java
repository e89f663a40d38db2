package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.server.seed.TorrentFileReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long an interested peer waits for its unchoke, the way aria2c meets the seeder: a handshake
 * offering the extension protocol, "interested" sent as soon as the bitfield is read, before the
 * seeder's extended handshake. Bt sends the bitfield, the extended handshake and the unchoke as
 * separate small writes; with Nagle's algorithm on the seeder's socket the extended handshake
 * waited for the ACK of the bitfield and the unchoke for the ACK of the extended handshake, which
 * the peer delays (40 ms on Linux) since it has nothing to send: aria2c got its unchoke ~41 ms
 * after its "interested" (libtorrent at once). Sower's peer sockets have TCP_NODELAY.
 */
class UnchokeLatencyIT {
  private static final int PEERS = 8;

  @TempDir
  java.nio.file.Path tmp;

  /** Milliseconds from "interested" written to the unchoke read, for one fresh connection. */
  private static double unchokeMillis(int port, byte[] infoHash, int n) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      out.write(19);
      out.write("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[] {0, 0, 0, 0, 0, 0x10, 0, 0}); // extension protocol, as aria2c
      out.write(infoHash);
      byte[] peerId = "-XX0001-unchoke-test".getBytes(StandardCharsets.US_ASCII);
      peerId[19] = (byte) ('a' + n);
      out.write(peerId);
      out.flush();
      byte[] handshake = new byte[68];
      in.readFully(handshake);
      assertThat(Arrays.copyOfRange(handshake, 28, 48)).isEqualTo(infoHash);
      assertThat(readMessage(in)[0]).as("bitfield first").isEqualTo((byte) 5);
      long sent = System.nanoTime();
      out.write(new byte[] {0, 0, 0, 1, 2}); // interested
      out.flush();
      while (true) {
        byte[] message = readMessage(in);
        if (message.length == 1 && message[0] == 1) {
          return (System.nanoTime() - sent) / 1e6;
        }
      }
    }
  }

  private static byte[] readMessage(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length <= 0 || length > 1 << 20) {
      throw new AssertionError("unexpected message length " + length);
    }
    byte[] message = new byte[length];
    in.readFully(message);
    return message;
  }

  @Test
  void anInterestedPeerIsUnchokedWithoutWaitingForItsDelayedAck() throws Exception {
    int[] port = new int[1];
    try (SampleRelease release = SampleRelease.start(tmp, 40, 64, o -> {
      port[0] = o.btPort();
      return o;
    })) {
      byte[] infoHash = TorrentFileReader.read(release.torrent).infoHash();
      List<Double> millis = new ArrayList<>();
      for (int i = 0; i < PEERS; i++) {
        millis.add(unchokeMillis(port[0], infoHash, i));
        TimeUnit.MILLISECONDS.sleep(100); // the seeder drops the previous peer meanwhile
      }
      List<Double> sorted = millis.stream().sorted().toList();
      System.out.printf("interested -> unchoke, ms: %s%n", millis);
      // A delayed ACK holds a Nagle-delayed segment for 40 ms; the median stays well below it.
      assertThat(sorted.get(PEERS / 2)).as("median of %s", millis).isLessThan(20.0);
    }
  }
}
