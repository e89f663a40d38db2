package dev.sower.server.bt;

import static org.assertj.core.api.Assertions.assertThat;

import bt.protocol.Bitfield;
import bt.protocol.Handshake;
import bt.protocol.Message;
import bt.protocol.Piece;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The handler over a real loopback socket pair: Sower's side non-blocking, the test's side the
 * remote peer (blocking).
 */
class NonBlockingChannelHandlerTest {
  private static final Duration STALL_LIMIT = Duration.ofSeconds(30);
  private static final int BUFFER = 64 * 1024;
  private static final HexFormat HEX = HexFormat.of();

  /**
   * The first 20 bytes aria2c 1.36 sent on its first connection to Sower (strace of aria2c): the
   * start of its MSE Diffie-Hellman key Ya. Read as a message: length 0x90cfb7f0, type ID 0x5e =
   * 94, Bt's "Unknown message type ID: 94".
   */
  private static final byte[] ARIA2_MSE_START = HEX.parseHex("90cfb7f05efaf25d5da941c8b48e41e3b8d8f03c");

  /** aria2c's plaintext handshake from the retry that followed (same capture). */
  private static final byte[] ARIA2_HANDSHAKE = HEX.parseHex(
      "13" // pstrlen 19
      + "426974546f7272656e742070726f746f636f6c" // "BitTorrent protocol"
      + "0000000000100004" // reserved: extension protocol (BEP 10), fast extension (BEP 6)
      + "99f26f35f14a11a9e338144eae55a2adbc656b47" // info-hash
      + "2d41322d312d33362d302d267b36354fdaf477be"); // peer id "-A2-1-36-0-" + 9 random bytes

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final LinkedBlockingQueue<Runnable> writeCallbacks = new LinkedBlockingQueue<>();
  private ServerSocketChannel listener;
  private Selector readable;
  private ListAppender<ILoggingEvent> log;
  private SocketChannel remote;
  private SocketChannel local;
  private NonBlockingChannelHandler handler;

  /** Records write call-backs; the test runs them as the receive loop would. */
  private final NonBlockingChannelHandler.Receiver receiver = new LoopbackHandlers.IdleReceiver() {
    @Override
    public void requestWrite(SocketChannel channel, Runnable onWritable) {
      writeCallbacks.add(onWritable);
    }
  };

  @BeforeEach
  void connect() throws IOException {
    log = new ListAppender<>();
    log.start();
    handlerLogger().setLevel(Level.DEBUG);
    handlerLogger().addAppender(log);
    listener = ServerSocketChannel.open().bind(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    remote = SocketChannel.open();
    remote.setOption(StandardSocketOptions.SO_RCVBUF, 4096); // a small window, set before connect
    remote.connect(listener.getLocalAddress());
    local = listener.accept();
    local.configureBlocking(false);
    readable = Selector.open();
    local.register(readable, SelectionKey.OP_READ);
    handler = LoopbackHandlers.handler(local, BUFFER, receiver, STALL_LIMIT, clock::get);
  }

  private static Logger handlerLogger() {
    return (Logger) LoggerFactory.getLogger(NonBlockingChannelHandler.class);
  }

  @AfterEach
  void close() throws IOException {
    handlerLogger().detachAppender(log);
    handler.close();
    readable.close();
    remote.close();
    listener.close();
  }

  private static Bitfield numbered(int n) {
    byte[] bits = new byte[16 * 1024];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = (byte) (n * 31 + i);
    }
    return new Bitfield(bits);
  }

  /**
   * The peer reads until {@code received} is full while this thread plays the receive loop (runs
   * write call-backs) and the dispatcher (asks readyToSend()) until all is written. Returns
   * whether a call-back left the handler not stalled.
   */
  private boolean receive(ByteBuffer received) throws InterruptedException {
    Thread reader = new Thread(() -> {
      try {
        while (received.hasRemaining() && remote.read(received) >= 0) {
          // until every expected byte arrived
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    boolean progressed = false;
    while (!handler.readyToSend() && System.nanoTime() < deadline) {
      Runnable callback = writeCallbacks.poll(10, TimeUnit.MILLISECONDS);
      if (callback != null) {
        callback.run();
        progressed |= !handler.stalledTooLong();
      }
    }
    reader.join(20_000);
    return progressed;
  }

  /** {@code received} holds exactly BITFIELD messages {@code numbered(0 .. messages - 1)}. */
  private static void assertNumberedBitfields(ByteBuffer received, int messages) {
    assertThat(received.hasRemaining()).as("all bytes arrived").isFalse();
    received.flip();
    for (int i = 0; i < messages; i++) {
      assertThat(received.getInt()).as("length of message %d", i).isEqualTo(1 + 16 * 1024);
      assertThat(received.get()).isEqualTo((byte) 5); // BITFIELD
      byte[] payload = new byte[16 * 1024];
      received.get(payload);
      assertThat(payload).as("message %d", i).isEqualTo(numbered(i).getBitfield());
    }
  }

  @Test
  void sendsToAPeerThatDoesNotReadReturnAtOnceAndEverythingArrivesInOrderOnceItReads()
      throws Exception {
    int messages = 400; // 6.4 MiB: far more than the socket buffers and the 64 KiB outbound buffer
    long start = System.nanoTime();
    for (int i = 0; i < messages; i++) {
      handler.send(numbered(i));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(handler.readyToSend()).isFalse();
    assertThat(writeCallbacks).isNotEmpty();

    clock.addAndGet(STALL_LIMIT.toNanos() - 1);
    assertThat(handler.stalledTooLong()).isFalse();
    clock.addAndGet(1);
    assertThat(handler.stalledTooLong()).isTrue();

    ByteBuffer received = ByteBuffer.allocate(messages * (5 + 16 * 1024));
    assertThat(receive(received)).as("writing again resets the stall clock").isTrue();
    assertNumberedBitfields(received, messages);
    assertThat(handler.stalledTooLong()).isFalse();
    assertThat(handler.isClosed()).isFalse();
  }

  @Test
  void batchedMessagesWaitInTheBufferUntilFlushedThenArriveInOrder() throws Exception {
    int fitting = 3; // 3 x 16 KiB: room in the 64 KiB outbound buffer
    for (int i = 0; i < fitting; i++) {
      handler.postBatched(numbered(i));
    }
    assertThat(readableAtRemote(200)).as("nothing written before the flush").isFalse();
    assertThat(handler.readyToSend()).isTrue();
    handler.flushBatch();
    int messages = 400; // then far more than the buffer: written as room runs out, none lost
    for (int i = fitting; i < messages; i++) {
      handler.postBatched(numbered(i));
    }
    handler.flushBatch();
    ByteBuffer received = ByteBuffer.allocate(messages * (5 + 16 * 1024));
    receive(received);
    assertNumberedBitfields(received, messages);
    assertThat(handler.isClosed()).isFalse();
  }

  /** Whether bytes reach the remote side within {@code millis} (reads none of them). */
  private boolean readableAtRemote(long millis) throws IOException {
    remote.configureBlocking(false);
    try (Selector selector = Selector.open()) {
      remote.register(selector, SelectionKey.OP_READ);
      return selector.select(millis) > 0;
    } finally {
      remote.configureBlocking(true); // the closed selector has deregistered it
    }
  }

  /** A PIECE whose block read fails after writing part of the block (EIO from the disk). */
  private static Piece unreadableBlock() throws Exception {
    return new Piece(7, 0, 16 * 1024, buffer -> {
      buffer.put(new byte[100]);
      throw new UncheckedIOException(new IOException("Input/output error"));
    });
  }

  @Test
  void aMessageWhoseEncodingFailsIsDroppedWithItsPartialBytesAndTheOthersArriveIntact()
      throws Exception {
    int messages = 400;
    for (int i = 0; i < messages; i++) {
      handler.send(numbered(i));
      if (i == 0 || i == messages / 2) { // encoded at once, then queued behind a full buffer
        handler.send(unreadableBlock());
      }
    }
    ByteBuffer received = ByteBuffer.allocate(messages * (5 + 16 * 1024));
    receive(received);
    assertThat(handler.readyToSend()).isTrue();
    assertNumberedBitfields(received, messages);
    remote.configureBlocking(false);
    Thread.sleep(100);
    assertThat(remote.read(ByteBuffer.allocate(1))).as("nothing more on the wire").isZero();
    handler.send(numbered(messages));
    remote.configureBlocking(true);
    ByteBuffer after = ByteBuffer.allocate(5 + 16 * 1024);
    while (after.hasRemaining() && remote.read(after) >= 0) {
      // the handler still sends
    }
    assertThat(after.getInt(0)).isEqualTo(1 + 16 * 1024);
    assertThat(handler.isClosed()).isFalse();
    assertThat(logged().stream().filter(line -> !line.startsWith("DEBUG"))).containsExactly(
        "WARN peer test-peer: could not encode Piece (java.io.UncheckedIOException:"
            + " java.io.IOException: Input/output error): message dropped",
        "WARN peer test-peer: could not encode Piece (java.io.UncheckedIOException:"
            + " java.io.IOException: Input/output error): message dropped");
  }

  /**
   * Feeds {@code bytes} from the remote peer, whole or one byte per {@code read()} of the handler
   * (each byte is written once the previous one was read), stopping once the handler closed.
   */
  private int feed(byte[] bytes, boolean oneByteAtATime) throws Exception {
    int step = oneByteAtATime ? 1 : bytes.length;
    int fed = 0;
    for (; fed < bytes.length && !handler.isClosed(); fed += step) {
      remote.write(ByteBuffer.wrap(bytes, fed, step));
      readOnce();
    }
    return fed;
  }

  /** What the handler logged, as "LEVEL message" (with " +stack" when a throwable was logged). */
  private List<String> logged() {
    return log.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()
        + (e.getThrowableProxy() != null ? " +stack" : "")).toList();
  }

  /** Waits until the local socket is readable, then lets the handler read (it must not throw). */
  private void readOnce() throws Exception {
    readable.selectedKeys().clear();
    assertThat(readable.select(5000)).as("bytes arrive").isPositive();
    handler.read();
  }

  @Test
  void aria2cEncryptedFirstAttemptIsClosedQuietlyAtItsFirstByteWholeAndOneByteAtATime()
      throws Exception {
    for (boolean oneByte : new boolean[] {false, true}) {
      close();
      connect();
      int fed = feed(ARIA2_MSE_START, oneByte);
      assertThat(fed).as("bytes fed until closed").isEqualTo(oneByte ? 1 : ARIA2_MSE_START.length);
      assertThat(handler.isClosed()).isTrue();
      assertThat(handler.receive()).isNull();
      assertThat(logged()).as("one byte at a time: %s", oneByte).containsExactly("DEBUG peer"
          + " test-peer: stream starts with 0x90, not a plaintext BitTorrent handshake (an"
          + " encrypted MSE handshake?); closed");
    }
  }

  @Test
  void aria2cPlaintextHandshakeIsDecodedWholeAndOneByteAtATime() throws Exception {
    for (boolean oneByte : new boolean[] {false, true}) {
      close();
      connect();
      feed(ARIA2_HANDSHAKE, oneByte);
      Message message = handler.receive();
      assertThat(message).as("one byte at a time: %s", oneByte).isInstanceOf(Handshake.class);
      Handshake handshake = (Handshake) message;
      assertThat(HEX.formatHex(handshake.getTorrentId().getBytes()))
          .isEqualTo("99f26f35f14a11a9e338144eae55a2adbc656b47");
      assertThat(new String(handshake.getPeerId().getBytes(), 0, 11, "US-ASCII"))
          .isEqualTo("-A2-1-36-0-");
      assertThat(handler.isClosed()).isFalse();
      assertThat(logged()).isEmpty();
    }
  }

  @Test
  void anUndecodableMessageAfterTheHandshakeClosesOnlyThisConnectionWithoutThrowing()
      throws Exception {
    for (boolean oneByte : new boolean[] {false, true}) {
      close();
      connect();
      feed(ARIA2_HANDSHAKE, oneByte);
      assertThat(handler.receive()).isInstanceOf(Handshake.class);
      feed(HEX.parseHex("00000001" + "5e"), oneByte); // length 1, type ID 94: unknown
      assertThat(handler.receive()).isNull();
      assertThat(handler.isClosed()).as("one byte at a time: %s", oneByte).isTrue();
      assertThat(logged()).containsExactly("WARN peer test-peer sent a message that cannot be"
          + " decoded (Unknown message type ID: 94): disconnected");
    }
  }
}
