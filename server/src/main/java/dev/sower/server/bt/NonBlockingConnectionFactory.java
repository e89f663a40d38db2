package dev.sower.server.bt;

import bt.event.EventSource;
import bt.metainfo.TorrentId;
import bt.module.BitTorrentProtocol;
import bt.module.PeerConnectionSelector;
import bt.net.ConnectionHandler;
import bt.net.ConnectionResult;
import bt.net.IConnectionHandlerFactory;
import bt.net.IPeerConnectionFactory;
import bt.net.Peer;
import bt.net.PeerConnection;
import bt.net.SharedSelector;
import bt.net.buffer.BorrowedBuffer;
import bt.net.buffer.IBufferManager;
import bt.net.pipeline.ChannelPipeline;
import bt.net.pipeline.ChannelPipelineBuilder;
import bt.net.pipeline.IChannelPipelineFactory;
import bt.protocol.Message;
import bt.protocol.handler.MessageHandler;
import bt.runtime.Config;
import bt.torrent.TorrentRegistry;
import com.google.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bt's {@code PeerConnectionFactory} with one change: each connection's socket is driven by a
 * {@link NonBlockingChannelHandler} (sends never wait for the peer) instead of Bt's
 * {@code SocketChannelHandler}, which Bt's factory builds inline. Everything else is Bt's set-up:
 * Bt's pipeline, the incoming and outgoing connection handlers (handshake, bitfield, extended
 * handshake) and activation on torrent start/stop, though through one listener pair per torrent
 * ({@link TorrentChannelHandlers}) where Bt added a pair per connection and never removed it.
 * Incoming MSE handshakes are answered selecting plaintext by {@link PlaintextMseResponder} (not
 * Bt's processor, which decrypts past the initial payload); outgoing connections are plaintext.
 */
final class NonBlockingConnectionFactory implements IPeerConnectionFactory {
  private static final Logger LOG = LoggerFactory.getLogger(NonBlockingConnectionFactory.class);
  /** A peer that has taken none of the bytes waiting for it for this long is disconnected. */
  static final Duration STALL_LIMIT = Duration.ofSeconds(30);
  /** As Bt: the timeout of a blocking connect out. */
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
  /** As Bt's MSE processor: how long an incoming peer may take to send its first byte. */
  private static final Duration FIRST_BYTE_TIMEOUT = Duration.ofSeconds(30);
  /** How long an incoming MSE handshake may take once its first byte has come. */
  private static final Duration MSE_TIMEOUT = Duration.ofSeconds(10);

  private final SharedSelector selector;
  private final IConnectionHandlerFactory connectionHandlers;
  private final IChannelPipelineFactory pipelines;
  private final MessageHandler<Message> protocol;
  private final IBufferManager buffers;
  private final PlaintextMseResponder mse;
  private final QueuedRegistrationReceiver receiver;
  private final TorrentChannelHandlers handlers;
  private final InetSocketAddress localOutgoingAddress;

  @Inject
  NonBlockingConnectionFactory(@PeerConnectionSelector SharedSelector selector,
      IConnectionHandlerFactory connectionHandlers, IChannelPipelineFactory pipelines,
      @BitTorrentProtocol MessageHandler<Message> protocol, TorrentRegistry torrents,
      IBufferManager buffers, QueuedRegistrationReceiver receiver, EventSource events,
      Config config) {
    this.selector = selector;
    this.connectionHandlers = connectionHandlers;
    this.pipelines = pipelines;
    this.protocol = protocol;
    this.buffers = buffers;
    this.mse = new PlaintextMseResponder(torrents::getTorrentIds, torrents::isSupportedAndActive,
        FIRST_BYTE_TIMEOUT, MSE_TIMEOUT);
    this.receiver = receiver;
    this.handlers = new TorrentChannelHandlers(events);
    this.localOutgoingAddress = new InetSocketAddress(config.getAcceptorAddress(), 0);
  }

  @Override
  public ConnectionResult createOutgoingConnection(Peer peer, TorrentId torrentId) {
    Objects.requireNonNull(peer);
    Objects.requireNonNull(torrentId);
    SocketChannel channel;
    try {
      channel = selector.provider().openSocketChannel();
      try {
        channel.socket().bind(localOutgoingAddress);
        channel.socket().setSoTimeout((int) SOCKET_TIMEOUT.toMillis());
        channel.socket().setSoLinger(false, 0);
        channel.connect(new InetSocketAddress(peer.getInetAddress(), peer.getPort()));
      } catch (IOException | RuntimeException e) {
        closeQuietly(channel);
        throw e;
      }
    } catch (IOException e) {
      LOG.debug("Failed to establish connection with peer: {}. Reason: {} ({})", peer,
          e.getClass().getName(), e.getMessage());
      return ConnectionResult.failure("I/O error", e);
    }
    return createConnection(peer, torrentId, channel, false);
  }

  @Override
  public ConnectionResult createIncomingConnection(Peer peer, SocketChannel channel) {
    return createConnection(peer, null, channel, true);
  }

  private ConnectionResult createConnection(Peer peer, TorrentId torrentId, SocketChannel channel,
      boolean incoming) {
    BorrowedBuffer<ByteBuffer> in = buffers.borrowByteBuffer();
    BorrowedBuffer<ByteBuffer> out = buffers.borrowByteBuffer();
    try {
      return establish(peer, torrentId, channel, incoming, in, out);
    } catch (Exception e) {
      LOG.debug("Failed to establish connection with peer: {}. Reason: {} ({})", peer,
          e.getClass().getName(), e.getMessage());
      closeQuietly(channel);
      release(in);
      release(out);
      return ConnectionResult.failure("Unexpected error", e);
    }
  }

  private ConnectionResult establish(Peer peer, TorrentId torrentId, SocketChannel channel,
      boolean incoming, BorrowedBuffer<ByteBuffer> in, BorrowedBuffer<ByteBuffer> out)
      throws IOException {
    if (!incoming && torrentId == null) {
      throw new IllegalStateException("outgoing connection without a torrent: " + peer);
    }
    channel.configureBlocking(false);
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    if (incoming) {
      ByteBuffer inBuffer = in.lockAndGet();
      try {
        mse.readStreamStart(channel, inBuffer);
      } finally {
        in.unlock();
      }
    }
    ChannelPipeline pipeline = pipeline(peer, channel, in, out);
    int remotePort = ((InetSocketAddress) channel.getRemoteAddress()).getPort();
    NonBlockingChannelHandler handler = new NonBlockingChannelHandler(channel,
        peer.getInetAddress().getHostAddress() + ":" + remotePort, in, out,
        pipeline::bindHandler, receiver, STALL_LIMIT, System::nanoTime);
    if (incoming) {
      handler.streamStartChecked();
    }
    handler.register();
    PeerConnection connection = new NonBlockingPeerConnection(peer, remotePort, handler);
    ConnectionHandler handshake = incoming
        ? connectionHandlers.getIncomingHandler()
        : connectionHandlers.getOutgoingHandler(torrentId);
    if (!handshake.handleConnection(connection)) {
      LOG.debug("handshake with {}:{} failed ({})", peer.getInetAddress(), remotePort,
          handshake.getClass().getName());
      connection.closeQuietly();
      return ConnectionResult.failure("Handshake failed");
    }
    handlers.add(connection.getTorrentId(), handler);
    return ConnectionResult.success(connection);
  }

  private ChannelPipeline pipeline(Peer peer, SocketChannel channel, BorrowedBuffer<ByteBuffer> in,
      BorrowedBuffer<ByteBuffer> out) {
    ChannelPipelineBuilder builder = pipelines.buildPipeline(peer);
    builder.channel(channel);
    builder.protocol(protocol);
    builder.inboundBuffer(in);
    builder.outboundBuffer(out);
    return builder.build();
  }

  private static void closeQuietly(SocketChannel channel) {
    if (channel != null && channel.isOpen()) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.debug("closing a peer channel failed", e);
      }
    }
  }

  private static void release(BorrowedBuffer<ByteBuffer> buffer) {
    try {
      buffer.release();
    } catch (RuntimeException e) {
      LOG.error("Failed to release buffer", e);
    }
  }
}
