package dev.sower.server.bt;

import bt.metainfo.TorrentId;
import bt.protocol.crypto.MSECipher;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the start of an incoming stream: one starting with 19 (the plaintext BitTorrent
 * handshake's first byte) is plaintext and handed on as read; any other is an MSE ("Message
 * Stream Encryption") handshake, answered here selecting plaintext. aria2c tries MSE first on
 * every new peer and, when the peer closes on it, retries in plaintext only at its next
 * once-a-second peer-connection round: ~1 s lost per download.
 * Steps, initiator A and us B: A sends Ya, PadA; we send Yb, PadB; A sends HASH('req1', S),
 * HASH('req2', SKEY) xor HASH('req3', S), then RC4 (keyA) of VC, crypto_provide, len(PadC), PadC,
 * len(IA), IA; we send RC4 (keyB) of VC, crypto_select (plaintext), len(PadD), PadD. Unlike Bt's
 * processor, exactly {@code len(IA)} bytes are decrypted (libtorrent sends its BitTorrent handshake
 * as the IA; aria2c sends none) and they start the plaintext stream; bytes after them, read
 * ahead, are plaintext too. Every length from the wire is bounded before use; the socket is
 * non-blocking and each wait is bounded by one deadline for the whole exchange.
 */
final class PlaintextMseResponder {
  private static final Logger LOG = LoggerFactory.getLogger(PlaintextMseResponder.class);
  /** The MSE Diffie-Hellman prime (768 bits); the generator is 2. */
  static final BigInteger P = new BigInteger("FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1"
      + "29024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE135"
      + "6D6D51C245E485B576625E7EC6F44C42E9A63A36210000000000090563", 16);
  static final BigInteger G = BigInteger.TWO;
  static final int KEY_BYTES = 96;
  static final int MAX_PAD = 512;
  static final int HASH_BYTES = 20;
  static final int VC_BYTES = 8;
  /** The largest initial payload taken: a BitTorrent handshake (68 bytes) and then some. */
  static final int MAX_IA = 1024;
  static final int CRYPTO_PLAINTEXT = 0x01;
  private static final int PRIVATE_KEY_BITS = 160;

  private final Supplier<Collection<TorrentId>> torrentIds;
  private final Predicate<TorrentId> active;
  private final Duration firstByteTimeout;
  private final Duration timeout;
  private final SecureRandom random = new SecureRandom();

  PlaintextMseResponder(Supplier<Collection<TorrentId>> torrentIds, Predicate<TorrentId> active,
      Duration firstByteTimeout, Duration timeout) {
    this.torrentIds = torrentIds;
    this.active = active;
    this.firstByteTimeout = firstByteTimeout;
    this.timeout = timeout;
  }

  /**
   * Reads the start of the non-blocking {@code channel} into {@code in}: plaintext as read, or,
   * after answering an MSE handshake, its decrypted IA then any plaintext read after it. Throws on
   * any failure (the caller closes the connection).
   */
  void readStreamStart(SocketChannel channel, ByteBuffer in) throws IOException {
    try (Wire wire = new Wire(channel, System.nanoTime() + firstByteTimeout.toNanos())) {
      wire.ensure(1);
      if (wire.buffer.get(0) == NonBlockingChannelHandler.HANDSHAKE_FIRST_BYTE) {
        wire.drainTo(in);
        return;
      }
      wire.deadline = System.nanoTime() + timeout.toNanos();
      negotiate(wire, in);
    }
  }

  private void negotiate(Wire wire, ByteBuffer in) throws IOException {
    BigInteger ya = new BigInteger(1, wire.take(KEY_BYTES));
    if (ya.compareTo(BigInteger.ONE) <= 0 || ya.compareTo(P.subtract(BigInteger.ONE)) >= 0) {
      throw new MseRefused("invalid public key Ya");
    }
    BigInteger xb = new BigInteger(PRIVATE_KEY_BITS, random);
    byte[] padB = new byte[random.nextInt(MAX_PAD + 1)];
    random.nextBytes(padB);
    wire.write(concat(unsigned(G.modPow(xb, P)), padB));
    byte[] secret = unsigned(ya.modPow(xb, P));

    wire.syncOn(sha1("req1", secret), MAX_PAD + HASH_BYTES);
    TorrentId torrent = torrentFor(wire.take(HASH_BYTES), secret);
    MSECipher cipher = MSECipher.forReceiver(secret, torrent);
    Cipher decrypt = cipher.getDecryptionCipher();

    byte[] head = decrypt.update(wire.take(VC_BYTES + 4 + 2));
    if (!Arrays.equals(Arrays.copyOf(head, VC_BYTES), new byte[VC_BYTES])) {
      throw new MseRefused("invalid verification constant");
    }
    if ((ByteBuffer.wrap(head, VC_BYTES, 4).getInt() & CRYPTO_PLAINTEXT) == 0) {
      throw new MseRefused("crypto_provide offers no plaintext");
    }
    int padC = ByteBuffer.wrap(head, VC_BYTES + 4, 2).getShort() & 0xffff;
    if (padC > MAX_PAD) {
      throw new MseRefused("len(PadC) " + padC + " over " + MAX_PAD);
    }
    byte[] padAndLength = decrypt.update(wire.take(padC + 2));
    int iaLength = ByteBuffer.wrap(padAndLength, padC, 2).getShort() & 0xffff;
    if (iaLength > Math.min(MAX_IA, in.remaining())) {
      throw new MseRefused("len(IA) " + iaLength + " over " + Math.min(MAX_IA, in.remaining()));
    }
    byte[] ia = iaLength == 0 ? new byte[0] : decrypt.update(wire.take(iaLength));

    byte[] padD = new byte[random.nextInt(MAX_PAD + 1)];
    ByteBuffer answer = ByteBuffer.allocate(VC_BYTES + 4 + 2 + padD.length);
    answer.put(new byte[VC_BYTES]).putInt(CRYPTO_PLAINTEXT).putShort((short) padD.length)
        .put(padD);
    wire.write(cipher.getEncryptionCipher().update(answer.array()));

    in.put(ia);
    wire.drainTo(in);
    LOG.debug("answered an MSE handshake from {} for {} (len(IA) {}): plaintext selected",
        wire.channel.getRemoteAddress(), torrent, iaLength);
  }

  private TorrentId torrentFor(byte[] asked, byte[] secret) throws MseRefused {
    byte[] req3 = sha1("req3", secret);
    for (TorrentId id : torrentIds.get()) {
      byte[] req2 = sha1("req2", id.getBytes());
      for (int i = 0; i < req2.length; i++) {
        req2[i] ^= req3[i];
      }
      if (MessageDigest.isEqual(req2, asked)) {
        if (!active.test(id)) {
          throw new MseRefused("torrent " + id + " not active");
        }
        return id;
      }
    }
    throw new MseRefused("unknown torrent");
  }

  /** {@code value} as MSE sends it: unsigned big-endian, left-padded to 96 bytes. */
  static byte[] unsigned(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[KEY_BYTES];
    int length = Math.min(raw.length, KEY_BYTES);
    System.arraycopy(raw, raw.length - length, out, KEY_BYTES - length, length);
    return out;
  }

  static byte[] sha1(String label, byte[] data) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      digest.update(label.getBytes(StandardCharsets.US_ASCII));
      return digest.digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** A refused handshake: the peer broke the protocol or asked for something we do not serve. */
  static final class MseRefused extends IOException {
    private static final long serialVersionUID = 1L;

    MseRefused(String message) {
      super(message);
    }
  }

  /** The non-blocking socket read ahead into a small buffer, each wait bounded by the deadline. */
  private static final class Wire implements AutoCloseable {
    /** Room for the largest step read at once (PadA/PadC sync, IA) plus read-ahead. */
    private static final int CAPACITY = 4096;
    final SocketChannel channel;
    private long deadline;
    /** Unconsumed bytes, between position 0 and position (write mode). */
    final ByteBuffer buffer = ByteBuffer.allocate(CAPACITY);
    private Selector selector;

    Wire(SocketChannel channel, long deadline) {
      this.channel = channel;
      this.deadline = deadline;
    }

    /** Consumes the next {@code n} bytes ({@code n} at most {@link #CAPACITY}). */
    byte[] take(int n) throws IOException {
      ensure(n);
      byte[] out = new byte[n];
      buffer.flip();
      buffer.get(out);
      buffer.compact();
      return out;
    }

    /** Consumes bytes up to and including {@code marker}, found within {@code limit} bytes. */
    void syncOn(byte[] marker, int limit) throws IOException {
      for (int end = marker.length; end <= limit; end++) {
        ensure(end);
        if (Arrays.equals(buffer.array(), end - marker.length, end, marker, 0, marker.length)) {
          take(end);
          return;
        }
      }
      throw new MseRefused("HASH('req1', S) not within " + limit + " bytes");
    }

    void drainTo(ByteBuffer in) throws MseRefused {
      buffer.flip();
      if (buffer.remaining() > in.remaining()) {
        throw new MseRefused("read-ahead " + buffer.remaining() + " over the inbound buffer");
      }
      in.put(buffer);
      buffer.clear();
    }

    void write(byte[] bytes) throws IOException {
      ByteBuffer out = ByteBuffer.wrap(bytes);
      while (out.hasRemaining()) {
        if (channel.write(out) == 0) {
          await(SelectionKey.OP_WRITE);
        }
      }
    }

    void ensure(int n) throws IOException {
      while (buffer.position() < n) {
        int read = channel.read(buffer);
        if (read < 0) {
          throw new EOFException("peer closed during the MSE handshake");
        } else if (read == 0) {
          await(SelectionKey.OP_READ);
        }
      }
    }

    private void await(int op) throws IOException {
      long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
      if (left <= 0) {
        throw new SocketTimeoutException("MSE handshake not done in time");
      }
      if (selector == null) {
        selector = Selector.open();
        channel.register(selector, op);
      } else {
        channel.keyFor(selector).interestOps(op);
      }
      selector.select(left);
    }

    @Override
    public void close() throws IOException {
      if (selector != null) {
        selector.close();
      }
    }
  }
}
