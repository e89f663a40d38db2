package dev.sower.server.bt;

import bt.module.PeerConnectionSelector;
import bt.net.SharedSelector;
import bt.net.pipeline.ChannelHandlerContext;
import bt.runtime.Config;
import bt.service.IRuntimeLifecycleBinder;
import com.google.inject.Inject;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces Bt's {@code DataReceivingLoop}, the thread that selects peer sockets for reading. Bt's
 * loop holds the selector's lock while it selects, and every new connection (incoming, or Bt's own
 * attempts to connect out) registers by spinning on that lock and waking the selector until it
 * wins a gap ({@code SharedSelector.wakeupAndRegister}): measured under load, a connection
 * worker spun for over a second per connection and stalled that connection's handshake. Here a
 * registration is queued and the selecting thread performs it itself between two selects, where
 * the lock is free; interest changes likewise, and both wake the selector so they apply at once.
 * Reading a selected key is unchanged (Bt's channel handler does it). A channel handler whose
 * peer has not taken all its bytes asks to be called back when the socket is writable
 * ({@link #requestWrite}): {@code OP_WRITE} is added to the key until then. A request made
 * before its channel's registration was applied waits for it; a request for a channel closed
 * meanwhile is forgotten.
 */
final class QueuedRegistrationReceiver implements NonBlockingChannelHandler.Receiver, Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(QueuedRegistrationReceiver.class);
  private static final long SELECT_TIMEOUT_MS = 1000;

  private record Registration(SelectableChannel channel, ChannelHandlerContext context) {}

  private final SharedSelector selector;
  private final DispatchWakeup dispatch;
  private final Queue<Registration> registrations = new ConcurrentLinkedQueue<>();
  /** Pending read-interest changes (OP_READ when active, 0 when not). */
  private final Map<SelectableChannel, Integer> interestOps = new ConcurrentHashMap<>();
  /** Call-backs waiting for their channel to be writable. */
  private final Map<SelectableChannel, Runnable> writers = new ConcurrentHashMap<>();
  private final Queue<SelectableChannel> writeRequests = new ConcurrentLinkedQueue<>();
  private volatile boolean shutdown;

  @Inject
  QueuedRegistrationReceiver(@PeerConnectionSelector SharedSelector selector,
      IRuntimeLifecycleBinder lifecycle, Config config, DispatchWakeup dispatch) {
    this.selector = selector;
    this.dispatch = dispatch;
    String name = config.getAcceptorPort() + ".bt.net.data-receiver";
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, name));
    lifecycle.onStartup("Initialize message receiver", () -> executor.execute(this));
    lifecycle.onShutdown("Shutdown message receiver", () -> {
      shutdown = true;
      executor.shutdownNow();
    });
  }

  @Override
  public void registerChannel(SelectableChannel channel, ChannelHandlerContext context) {
    registrations.add(new Registration(channel, context));
    selector.wakeup();
  }

  @Override
  public void unregisterChannel(SelectableChannel channel) {
    writers.remove(channel);
    selector.keyFor(channel).ifPresent(SelectionKey::cancel);
  }

  @Override
  public void requestWrite(SocketChannel channel, Runnable onWritable) {
    writers.put(channel, onWritable);
    writeRequests.add(channel);
    selector.wakeup();
  }

  /** How many write call-backs wait for their channel (closed channels' are forgotten). */
  int waitingWriters() {
    return writers.size();
  }

  @Override
  public void activateChannel(SelectableChannel channel) {
    interestOps.put(channel, SelectionKey.OP_READ);
    selector.wakeup();
  }

  @Override
  public void deactivateChannel(SelectableChannel channel) {
    interestOps.put(channel, 0);
    selector.wakeup();
  }

  @Override
  public void run() {
    try {
      while (!shutdown && selector.isOpen()) {
        applyPending();
        if (selector.select(SELECT_TIMEOUT_MS) > 0) {
          readSelected();
        }
      }
    } catch (ClosedSelectorException e) {
      LOG.debug("selector closed, receiving stops");
    } catch (InterruptedException e) {
      LOG.debug("interrupted, receiving stops");
    } catch (IOException e) {
      throw new UncheckedIOException("selecting peer connections failed", e);
    }
  }

  /**
   * Reads every selected channel and wakes the message dispatcher to consume what was read. A
   * channel whose inbound buffer is full stays selected and is read again after a short pause
   * (its messages are being consumed meanwhile), as in Bt.
   */
  private void readSelected() throws IOException, InterruptedException {
    Set<SelectionKey> selected = selector.selectedKeys();
    while (!shutdown) {
      Iterator<SelectionKey> keys = selected.iterator();
      while (keys.hasNext()) {
        try {
          if (read(keys.next())) {
            keys.remove();
          }
        } catch (ClosedSelectorException e) {
          throw e;
        } catch (EOFException e) {
          LOG.debug("peer closed the connection", e);
          keys.remove();
        } catch (Exception e) {
          LOG.error("Failed to process key", e);
          keys.remove();
        }
      }
      dispatch.signal();
      if (selected.isEmpty()) {
        return;
      }
      Thread.sleep(1);
      applyPending();
      selector.selectNow();
    }
  }

  private boolean read(SelectionKey key) throws IOException {
    if (key.isValid() && key.isWritable()) {
      try {
        key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
      } catch (CancelledKeyException e) {
        return true; // the connection was closed meanwhile
      }
      Runnable writer = writers.remove(key.channel());
      if (writer != null) {
        writer.run(); // writes what the peer's handler has encoded; never throws
      }
    }
    if (!key.isValid() || !key.isReadable()) {
      return true;
    }
    if (!(key.attachment() instanceof ChannelHandlerContext context)) {
      throw new IllegalStateException("unexpected attachment of a selection key: "
          + key.attachment());
    }
    return context.readFromChannel();
  }

  /** Registrations and interest changes, on the selecting thread while it does not select. */
  private void applyPending() {
    for (Registration r; (r = registrations.poll()) != null; ) {
      if (!r.channel().isOpen()) {
        continue;
      }
      try {
        // The selector's lock is free here, so this registers at once without spinning.
        selector.wakeupAndRegister(r.channel(), SelectionKey.OP_READ, r.context());
      } catch (RuntimeException e) {
        LOG.debug("could not register a peer channel (closed meanwhile?)", e);
      }
    }
    for (SelectableChannel channel : interestOps.keySet()) {
      Integer ops = interestOps.remove(channel); // the latest change, atomically
      if (ops == null) {
        continue;
      }
      try {
        selector.keyFor(channel).ifPresent(
            key -> key.interestOps(ops | (key.interestOps() & SelectionKey.OP_WRITE)));
      } catch (RuntimeException e) {
        LOG.debug("could not change interest of a peer channel (closed meanwhile?)", e);
      }
    }
    List<SelectableChannel> notRegisteredYet = new ArrayList<>(0);
    for (SelectableChannel channel; (channel = writeRequests.poll()) != null; ) {
      if (!writers.containsKey(channel)) {
        continue; // called back already, or unregistered
      }
      if (!channel.isOpen()) {
        writers.remove(channel); // its handler asked while being closed, after unregisterChannel
        continue;
      }
      Optional<SelectionKey> key = selector.keyFor(channel);
      if (key.isEmpty()) {
        notRegisteredYet.add(channel); // asks again once registered (its registration wakes us)
        continue;
      }
      try {
        key.get().interestOps(key.get().interestOps() | SelectionKey.OP_WRITE);
      } catch (RuntimeException e) {
        writers.remove(channel);
        LOG.debug("could not ask for writability of a peer channel (closed meanwhile?)", e);
      }
    }
    writeRequests.addAll(notRegisteredYet);
  }
}
