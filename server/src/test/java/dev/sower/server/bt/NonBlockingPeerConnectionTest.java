package dev.sower.server.bt;

import static org.assertj.core.api.Assertions.assertThat;

import bt.net.InetPeer;
import bt.net.Peer;
import bt.protocol.Handshake;
import bt.protocol.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A blocking read of the connection (Bt's handshake handlers) over a real loopback socket pair,
 * with a thread playing the receive loop: it must return as soon as the loop has read the
 * message, not at its next poll. aria2c sends its handshake only after Sower has answered its MSE
 * handshake, so that read always waits; with Bt's 100 ms poll every aria2c connection lost
 * ~100 ms before Sower answered its handshake.
 */
class NonBlockingPeerConnectionTest {
  /** So long that a read that waits it out cannot pass for a woken one. */
  private static final long POLL_MS = 60_000;
  private static final HexFormat HEX = HexFormat.of();
  /** aria2c 1.36's plaintext handshake (as in {@code NonBlockingChannelHandlerTest}). */
  private static final byte[] ARIA2_HANDSHAKE = HEX.parseHex(
      "13426974546f7272656e742070726f746f636f6c" + "0000000000100004"
      + "99f26f35f14a11a9e338144eae55a2adbc656b47"
      + "2d41322d312d33362d302d267b36354fdaf477be");

  private ServerSocketChannel listener;
  private SocketChannel remote;
  private SocketChannel local;
  private Selector readable;
  private NonBlockingChannelHandler handler;
  private NonBlockingPeerConnection connection;
  private Thread receiveLoop;

  @BeforeEach
  void connect() throws IOException {
    listener = ServerSocketChannel.open().bind(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    remote = SocketChannel.open(listener.getLocalAddress());
    local = listener.accept();
    local.configureBlocking(false);
    readable = Selector.open();
    local.register(readable, SelectionKey.OP_READ);
    handler = LoopbackHandlers.handler(local, 64 * 1024, new LoopbackHandlers.IdleReceiver(),
        Duration.ofSeconds(30), System::nanoTime);
    Peer peer = InetPeer.build(InetAddress.getLoopbackAddress(), 1);
    connection = new NonBlockingPeerConnection(peer, 1, handler, POLL_MS);
    receiveLoop = new Thread(this::receive, "test-receive-loop");
    receiveLoop.setDaemon(true);
    receiveLoop.start();
  }

  /** As the receive loop: reads the socket whenever it is readable. */
  private void receive() {
    try {
      while (!handler.isClosed()) {
        if (readable.select(50) > 0) {
          readable.selectedKeys().clear();
          handler.read();
        }
      }
    } catch (IOException | RuntimeException e) {
      // closed by the test
    }
  }

  @AfterEach
  void close() throws Exception {
    handler.close();
    receiveLoop.join(5000);
    readable.close();
    remote.close();
    listener.close();
  }

  /** A blocking read on another thread, with a timeout far beyond the test's waits. */
  private CompletableFuture<Message> readAsync() {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return connection.readMessage(2 * POLL_MS);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Test
  void aBlockingReadReturnsAsSoonAsTheReceiveLoopHasReadTheMessage() throws Exception {
    CompletableFuture<Message> read = readAsync();
    Thread.sleep(200); // the reader has looked, found nothing and waits
    assertThat(read).isNotDone();
    remote.write(ByteBuffer.wrap(ARIA2_HANDSHAKE));
    Message message = read.get(10, TimeUnit.SECONDS); // not POLL_MS
    assertThat(message).isInstanceOf(Handshake.class);
    assertThat(HEX.formatHex(((Handshake) message).getTorrentId().getBytes()))
        .isEqualTo("99f26f35f14a11a9e338144eae55a2adbc656b47");
  }

  @Test
  void aHandshakeSentInPiecesIsReadWholeOnceItsLastByteArrives() throws Exception {
    CompletableFuture<Message> read = readAsync();
    for (int i = 0; i < ARIA2_HANDSHAKE.length; i += 17) {
      remote.write(ByteBuffer.wrap(ARIA2_HANDSHAKE, i, Math.min(17, ARIA2_HANDSHAKE.length - i)));
      Thread.sleep(20);
      if (i + 17 < ARIA2_HANDSHAKE.length) {
        assertThat(read).as("after %d bytes", i + 17).isNotDone();
      }
    }
    assertThat(read.get(10, TimeUnit.SECONDS)).isInstanceOf(Handshake.class);
  }

  @Test
  void aBlockingReadEndsWhenThePeerClosesTheConnection() throws Exception {
    CompletableFuture<Message> read = readAsync();
    Thread.sleep(200);
    remote.close();
    assertThat(read.get(10, TimeUnit.SECONDS)).isNull();
    assertThat(connection.isClosed()).isTrue();
  }

  /**
   * Closed on our side (the pool, a shutdown) rather than by a read of the socket: the waiting
   * read sees it at once, not at its next look. Without a receive loop, so that no socket read
   * can be what wakes it.
   */
  @Test
  void aBlockingReadEndsWhenWeCloseTheConnection() throws Exception {
    try (SocketChannel otherRemote = SocketChannel.open(listener.getLocalAddress());
        SocketChannel otherLocal = listener.accept()) {
      otherLocal.configureBlocking(false);
      NonBlockingChannelHandler quiet = LoopbackHandlers.handler(otherLocal, 64 * 1024,
          new LoopbackHandlers.IdleReceiver(), Duration.ofSeconds(30), System::nanoTime);
      NonBlockingPeerConnection waiting = new NonBlockingPeerConnection(
          InetPeer.build(InetAddress.getLoopbackAddress(), 2), 2, quiet, POLL_MS);
      CompletableFuture<Message> read = CompletableFuture.supplyAsync(() -> {
        try {
          return waiting.readMessage(2 * POLL_MS);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      Thread.sleep(200);
      assertThat(read).isNotDone();
      quiet.close();
      assertThat(read.get(10, TimeUnit.SECONDS)).isNull(); // not POLL_MS
    }
  }

  @Test
  void aBlockingReadStillTimesOut() throws Exception {
    NonBlockingPeerConnection polling =
        new NonBlockingPeerConnection(InetPeer.build(InetAddress.getLoopbackAddress(), 1), 1,
            handler, 20);
    long start = System.nanoTime();
    assertThat(polling.readMessage(300)).isNull();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(290L, 5000L);
  }
}
