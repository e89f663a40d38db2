package dev.sower.server.bt;

import bt.net.InetPeer;
import bt.net.buffer.BufferManager;
import bt.net.pipeline.BufferedPieceRegistry;
import bt.net.pipeline.ChannelHandlerContext;
import bt.net.pipeline.ChannelPipeline;
import bt.net.pipeline.ChannelPipelineFactory;
import bt.protocol.StandardBittorrentProtocol;
import bt.runtime.Config;
import java.net.InetAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

/** {@link NonBlockingChannelHandler}s over Sower's end of a loopback socket pair, for tests. */
final class LoopbackHandlers {
  private LoopbackHandlers() {}

  /** A receive loop that registers nothing: the test reads the socket itself. */
  static class IdleReceiver implements NonBlockingChannelHandler.Receiver {
    @Override
    public void requestWrite(SocketChannel channel, Runnable onWritable) {}

    @Override
    public void registerChannel(SelectableChannel channel, ChannelHandlerContext context) {}

    @Override
    public void unregisterChannel(SelectableChannel channel) {}

    @Override
    public void activateChannel(SelectableChannel channel) {}

    @Override
    public void deactivateChannel(SelectableChannel channel) {}
  }

  /** A handler of {@code local} with Bt's pipeline and buffers of {@code bufferSize} bytes. */
  static NonBlockingChannelHandler handler(SocketChannel local, int bufferSize,
      NonBlockingChannelHandler.Receiver receiver, Duration stallLimit, LongSupplier clock) {
    Config config = new Config();
    config.setNetworkBufferSize(bufferSize);
    BufferManager buffers = new BufferManager(config);
    var in = buffers.borrowByteBuffer();
    var out = buffers.borrowByteBuffer();
    ChannelPipeline pipeline = new ChannelPipelineFactory(buffers, new BufferedPieceRegistry())
        .buildPipeline(InetPeer.build(InetAddress.getLoopbackAddress(), 1)).channel(local)
        .protocol(new StandardBittorrentProtocol(Map.of()))
        .inboundBuffer(in).outboundBuffer(out).build();
    return new NonBlockingChannelHandler(local, "test-peer", in, out, pipeline::bindHandler,
        receiver, stallLimit, clock);
  }
}
