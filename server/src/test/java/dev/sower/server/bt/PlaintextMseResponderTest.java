package dev.sower.server.bt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bt.metainfo.TorrentId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PlaintextMseResponder} against an MSE initiator written here from the spec (JDK ARCFOUR,
 * keys SHA-1('keyA'|'keyB', S, SKEY), first 1024 bytes discarded), over a real socket pair, each
 * step sent whole or one byte at a time.
 */
class PlaintextMseResponderTest {
  private static final TorrentId SERVED = id(7);
  private static final TorrentId STOPPED = id(8);
  private static final byte[] HANDSHAKE = handshake(SERVED);
  /** A keep-alive, then interested (plaintext messages after the handshake). */
  private static final byte[] MESSAGES = {0, 0, 0, 0, 0, 0, 0, 1, 2};

  private final Random random = new Random(42);
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private ServerSocketChannel server;
  private SocketChannel initiator;
  private SocketChannel accepted;

  @BeforeEach
  void connect() throws IOException {
    server = ServerSocketChannel.open()
        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    initiator = SocketChannel.open(server.getLocalAddress());
    initiator.setOption(StandardSocketOptions.TCP_NODELAY, true);
    initiator.socket().setSoTimeout(10_000);
    accepted = server.accept();
    accepted.configureBlocking(false);
  }

  @AfterEach
  void close() throws IOException {
    executor.shutdownNow();
    closeSockets();
  }

  private void closeSockets() throws IOException {
    initiator.close();
    accepted.close();
    server.close();
  }

  private void reconnect() throws IOException {
    closeSockets();
    connect();
  }

  @Test
  void aria2cStyleNoInitialPayloadThenPlaintextHandshake() throws Exception {
    ByteBuffer in = answer(new Initiator(SERVED, 0x03, 100, new byte[0], false),
        concat(HANDSHAKE, MESSAGES));
    assertThat(in.array()).isEqualTo(concat(HANDSHAKE, MESSAGES));
  }

  @Test
  void libtorrentStyleHandshakeAsInitialPayload() throws Exception {
    ByteBuffer in = answer(new Initiator(SERVED, 0x03, 0, HANDSHAKE, false), MESSAGES);
    assertThat(in.array()).isEqualTo(concat(HANDSHAKE, MESSAGES));
  }

  @Test
  void oneByteAtATime() throws Exception {
    ByteBuffer in = answer(new Initiator(SERVED, 0x01, 512, HANDSHAKE, true), MESSAGES);
    assertThat(in.array()).isEqualTo(concat(HANDSHAKE, MESSAGES));
    reconnect();
    in = answer(new Initiator(SERVED, 0x01, 3, new byte[0], true), concat(HANDSHAKE, MESSAGES));
    assertThat(in.array()).isEqualTo(concat(HANDSHAKE, MESSAGES));
  }

  @Test
  void plaintextStreamIsHandedOnAsRead() throws Exception {
    Future<ByteBuffer> result = respond(HANDSHAKE.length);
    initiator.write(ByteBuffer.wrap(HANDSHAKE));
    ByteBuffer in = result.get(10, TimeUnit.SECONDS);
    assertThat(Arrays.copyOf(in.array(), in.position())).isEqualTo(HANDSHAKE);
  }

  @Test
  void refusesAnInitiatorOfferingNoPlaintext() throws Exception {
    assertRefused(new Initiator(SERVED, 0x02, 10, HANDSHAKE, false),
        "crypto_provide offers no plaintext");
  }

  @Test
  void refusesAnUnknownOrStoppedTorrent() throws Exception {
    assertRefused(new Initiator(id(9), 0x03, 0, HANDSHAKE, false), "unknown torrent");
    reconnect();
    assertRefused(new Initiator(STOPPED, 0x03, 0, HANDSHAKE, false), "not active");
  }

  /** The lengths are refused as read: the bytes they announce are never sent, nor waited for. */
  @Test
  void refusesHugeLengthsWithoutWaitingForThem() throws Exception {
    Initiator hugePad = new Initiator(SERVED, 0x03, 0, new byte[0], false);
    hugePad.padCLength = 0xffff;
    assertRefused(hugePad, "len(PadC) 65535 over 512");
    reconnect();
    Initiator hugeIa = new Initiator(SERVED, 0x03, 0, new byte[0], false);
    hugeIa.iaLength = 0xffff;
    assertRefused(hugeIa, "len(IA) 65535 over 1024");
  }

  @Test
  void refusesWhenReq1IsNotWithinThePadding() throws Exception {
    Initiator longPad = new Initiator(SERVED, 0x03, 0, new byte[0], false);
    longPad.padALength = 513;
    assertRefused(longPad, "HASH('req1', S) not within 532 bytes");
  }

  private void assertRefused(Initiator peer, String reason) throws Exception {
    Future<ByteBuffer> result = respond(0);
    try {
      peer.run();
    } catch (IOException e) {
      // the responder closed on us
    }
    assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(PlaintextMseResponder.MseRefused.class)
        .hasMessageContaining(reason);
  }

  /** Runs the exchange, then sends {@code after} in plaintext; returns what the connection got. */
  private ByteBuffer answer(Initiator peer, byte[] after) throws Exception {
    int expected = peer.ia.length + after.length;
    Future<ByteBuffer> result = respond(expected);
    peer.run();
    peer.send(after);
    ByteBuffer in = result.get(10, TimeUnit.SECONDS);
    assertThat(in.position()).isEqualTo(expected);
    return in;
  }

  /** The responder, then reads of the rest of the stream up to {@code expected} bytes in all. */
  private Future<ByteBuffer> respond(int expected) {
    PlaintextMseResponder responder = new PlaintextMseResponder(() -> List.of(STOPPED, SERVED),
        SERVED::equals, Duration.ofSeconds(5), Duration.ofSeconds(5));
    return executor.submit(() -> {
      ByteBuffer in = ByteBuffer.allocate(expected == 0 ? 4096 : expected);
      try {
        responder.readStreamStart(accepted, in);
      } catch (IOException e) {
        accepted.close(); // as the connection factory does
        throw e;
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (in.position() < expected && System.nanoTime() < deadline) {
        if (accepted.read(in) < 0) {
          break;
        }
        Thread.sleep(1);
      }
      return in;
    });
  }

  /** The initiator side (peer A) of the spec. */
  private final class Initiator {
    final TorrentId torrent;
    final int cryptoProvide;
    final byte[] ia;
    final boolean byteByByte;
    int padALength;
    int padCLength;
    int iaLength;

    Initiator(TorrentId torrent, int cryptoProvide, int padALength, byte[] ia, boolean byteByByte) {
      this.torrent = torrent;
      this.cryptoProvide = cryptoProvide;
      this.padALength = padALength;
      this.ia = ia;
      this.iaLength = ia.length;
      this.byteByByte = byteByByte;
      this.padCLength = 5;
    }

    void run() throws Exception {
      BigInteger xa = new BigInteger(160, random);
      byte[] padA = new byte[padALength];
      random.nextBytes(padA);
      send(concat(PlaintextMseResponder.unsigned(
          PlaintextMseResponder.G.modPow(xa, PlaintextMseResponder.P)), padA));
      BigInteger yb = new BigInteger(1, readFully(96));
      byte[] secret = PlaintextMseResponder.unsigned(yb.modPow(xa, PlaintextMseResponder.P));
      Cipher encrypt = rc4("keyA", secret);
      Cipher decrypt = rc4("keyB", secret);
      byte[] req2 = sha1("req2", torrent.getBytes());
      byte[] req3 = sha1("req3", secret);
      for (int i = 0; i < req2.length; i++) {
        req2[i] ^= req3[i];
      }
      ByteBuffer head = ByteBuffer.allocate(8 + 4 + 2);
      head.put(new byte[8]).putInt(cryptoProvide).putShort((short) padCLength);
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      plain.write(head.array());
      boolean lengthsHonest = padCLength <= 512 && iaLength == ia.length;
      if (padCLength <= 512) {
        plain.write(new byte[padCLength]);
        plain.write(new byte[] {(byte) (iaLength >> 8), (byte) iaLength});
        if (lengthsHonest) {
          plain.write(ia);
        }
      }
      send(concat(concat(sha1("req1", secret), req2), encrypt.update(plain.toByteArray())));
      // Find ENCRYPT(VC) after PadB (at most 512 bytes), then crypto_select, len(PadD), PadD.
      byte[] vc = decrypt.update(new byte[8]);
      byte[] seen = readFully(8);
      int skipped = 0;
      while (!Arrays.equals(seen, vc)) {
        assertThat(++skipped).isLessThanOrEqualTo(512);
        seen = concat(Arrays.copyOfRange(seen, 1, 8), readFully(1));
      }
      ByteBuffer select = ByteBuffer.wrap(decrypt.update(readFully(6)));
      assertThat(select.getInt()).isEqualTo(0x01);
      int padD = select.getShort() & 0xffff;
      assertThat(padD).isLessThanOrEqualTo(512);
      assertThat(decrypt.update(readFully(padD))).containsOnly(0);
    }

    void send(byte[] bytes) throws IOException {
      if (byteByByte) {
        for (byte b : bytes) {
          initiator.write(ByteBuffer.wrap(new byte[] {b}));
        }
      } else {
        initiator.write(ByteBuffer.wrap(bytes));
      }
    }

    private byte[] readFully(int n) throws IOException {
      byte[] out = new byte[n];
      int read = 0;
      while (read < n) {
        int got = initiator.socket().getInputStream().read(out, read, n - read);
        if (got < 0) {
          throw new IOException("responder closed");
        }
        read += got;
      }
      return out;
    }
  }

  private static Cipher rc4(String label, byte[] secret) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-1");
    digest.update(label.getBytes(StandardCharsets.US_ASCII));
    digest.update(secret);
    byte[] key = digest.digest(SERVED.getBytes());
    Cipher cipher = Cipher.getInstance("ARCFOUR/ECB/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ARCFOUR"));
    cipher.update(new byte[1024]);
    return cipher;
  }

  private static byte[] sha1(String label, byte[] data) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-1");
    digest.update(label.getBytes(StandardCharsets.US_ASCII));
    return digest.digest(data);
  }

  private static TorrentId id(int seed) {
    byte[] bytes = new byte[20];
    Arrays.fill(bytes, (byte) seed);
    return TorrentId.fromBytes(bytes);
  }

  private static byte[] handshake(TorrentId torrent) {
    ByteBuffer out = ByteBuffer.allocate(68);
    out.put((byte) 19).put("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII));
    out.put(new byte[8]).put(torrent.getBytes());
    byte[] peerId = new byte[20];
    Arrays.fill(peerId, (byte) 'p');
    return out.put(peerId).array();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
