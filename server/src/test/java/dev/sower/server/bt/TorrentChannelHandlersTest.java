package dev.sower.server.bt;

import static org.assertj.core.api.Assertions.assertThat;

import bt.event.EventBus;
import bt.event.EventSource;
import bt.event.TorrentStartedEvent;
import bt.event.TorrentStoppedEvent;
import bt.metainfo.TorrentId;
import bt.net.pipeline.ChannelHandlerContext;
import bt.runtime.Config;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Connection churn must not grow Bt's event bus, and start/stop reaches the open handlers. */
class TorrentChannelHandlersTest {
  private static final TorrentId TORRENT = TorrentId.fromBytes(new byte[TorrentId.length()]);

  /** Bt's bus, counting the start and stop listeners added to it. */
  private static final class CountingEventBus extends EventBus {
    final AtomicInteger listeners = new AtomicInteger();

    @Override
    public EventSource onTorrentStarted(TorrentId id, Consumer<TorrentStartedEvent> listener) {
      listeners.incrementAndGet();
      return super.onTorrentStarted(id, listener);
    }

    @Override
    public EventSource onTorrentStopped(TorrentId id, Consumer<TorrentStoppedEvent> listener) {
      listeners.incrementAndGet();
      return super.onTorrentStopped(id, listener);
    }
  }

  private final CountingEventBus bus = new CountingEventBus();
  private final TorrentChannelHandlers handlers = new TorrentChannelHandlers(bus);
  private final Set<SelectableChannel> active = ConcurrentHashMap.newKeySet();

  /** Records which channels are active, as the receive loop would read them. */
  private final NonBlockingChannelHandler.Receiver receiver = new NonBlockingChannelHandler.Receiver() {
    @Override
    public void requestWrite(SocketChannel channel, Runnable onWritable) {}

    @Override
    public void registerChannel(SelectableChannel channel, ChannelHandlerContext context) {}

    @Override
    public void unregisterChannel(SelectableChannel channel) {
      active.remove(channel);
    }

    @Override
    public void activateChannel(SelectableChannel channel) {
      active.add(channel);
    }

    @Override
    public void deactivateChannel(SelectableChannel channel) {
      active.remove(channel);
    }
  };

  private NonBlockingChannelHandler handler(SocketChannel channel) {
    return LoopbackHandlers.handler(channel, new Config().getNetworkBufferSize(), receiver,
        Duration.ofSeconds(30), System::nanoTime);
  }

  @Test
  void connectionChurnAddsNoListenersAndClosedHandlersAreForgotten() throws IOException {
    for (int i = 0; i < 200; i++) {
      NonBlockingChannelHandler handler = handler(SocketChannel.open());
      handlers.add(TORRENT, handler);
      assertThat(handlers.openHandlers(TORRENT)).isEqualTo(1);
      handler.close();
      assertThat(handlers.openHandlers(TORRENT)).isZero();
    }
    assertThat(bus.listeners).as("one start and one stop listener").hasValue(2);
  }

  @Test
  void startAndStopReachOnlyTheOpenHandlersAndARestartListensAnew() throws IOException {
    List<SocketChannel> open = new ArrayList<>();
    List<NonBlockingChannelHandler> openHandlers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      SocketChannel channel = SocketChannel.open();
      NonBlockingChannelHandler handler = handler(channel);
      handlers.add(TORRENT, handler);
      if (i % 2 == 0) {
        handler.close();
      } else {
        open.add(channel);
        openHandlers.add(handler);
      }
    }
    bus.fireTorrentStarted(TORRENT);
    assertThat(active).containsExactlyInAnyOrderElementsOf(open);
    bus.fireTorrentStopped(TORRENT);
    assertThat(active).isEmpty();
    assertThat(handlers.openHandlers(TORRENT)).isZero(); // the bus forgot the torrent's listeners

    SocketChannel later = SocketChannel.open();
    NonBlockingChannelHandler handler = handler(later);
    handlers.add(TORRENT, handler);
    bus.fireTorrentStarted(TORRENT);
    assertThat(active).containsExactly(later);
    assertThat(bus.listeners).hasValue(4);
    handler.close();
    openHandlers.forEach(NonBlockingChannelHandler::close);
  }
}
