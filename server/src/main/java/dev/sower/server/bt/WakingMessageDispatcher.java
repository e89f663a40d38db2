package dev.sower.server.bt;

import bt.metainfo.TorrentId;
import bt.net.ConnectionKey;
import bt.net.IMessageDispatcher;
import bt.net.IPeerConnectionPool;
import bt.net.PeerConnection;
import bt.protocol.Message;
import bt.runtime.Config;
import bt.service.IRuntimeLifecycleBinder;
import bt.torrent.TorrentRegistry;
import com.google.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces Bt's {@code MessageDispatcher}, the one thread that hands each peer's inbound messages
 * to Bt's consumers and writes what Bt's suppliers produce. Bt's loop took one outbound message
 * per peer per pass and, after a pass that found nothing, slept 1, 2, 4 ... ms up to
 * {@code maxMessageProcessingInterval} with nothing to wake it, so a block whose read completed,
 * or a REQUEST that arrived, waited out the sleep. Here the loop is woken at once by a
 * {@link DispatchWakeup} (signalled by the receive loop after reading and by
 * {@link WakingDataWorker} once a block is queued), waits at most that interval when idle (Bt's
 * time-driven producers, such as the choker's delayed unchoke, need a pass now and then), and
 * sends up to {@link #MAX_SENT_PER_PEER} messages per peer per pass (bounded so every peer gets a
 * turn). As in Bt: all inbound messages are read per pass, peers of torrents not supported or
 * not active are skipped, and a failing read, consumer, supplier or write is logged and stops
 * neither the loop nor other peers. Unlike Bt, a peer's entry is dropped once its connection is
 * closed (Bt kept every peer it ever served), and a peer whose socket has not taken what was
 * written to it ({@link OutboundBacklog}, see {@link NonBlockingChannelHandler}) gets no more
 * messages until it has, so it cannot hold the loop; one that takes nothing for the stall limit
 * is disconnected.
 */
final class WakingMessageDispatcher implements IMessageDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(WakingMessageDispatcher.class);
  /** 32 PIECE messages of 16 KiB, 512 KiB, per peer before the next peer's turn. */
  static final int MAX_SENT_PER_PEER = 32;
  private static final long STOP_WAIT_MS = 2000;

  /** The consumers and suppliers Bt registered for one peer connection. */
  private static final class PeerEntry {
    final ConnectionKey key;
    final List<Consumer<Message>> consumers = new CopyOnWriteArrayList<>();
    final List<Supplier<Message>> suppliers = new CopyOnWriteArrayList<>();
    /** The pool's connection, bound on the first pass that finds it; only the loop writes it. */
    volatile PeerConnection connection;

    PeerEntry(ConnectionKey key) {
      this.key = key;
    }

    boolean closed() {
      return connection != null && connection.isClosed();
    }
  }

  private final Map<ConnectionKey, PeerEntry> peers = new ConcurrentHashMap<>();
  private final Object modificationLock = new Object();
  private final DispatchWakeup wakeup;
  private final Function<ConnectionKey, PeerConnection> connections;
  private final Predicate<TorrentId> active;
  private final long idleWaitNanos;
  private final Thread thread;
  private volatile boolean shutdown;

  @Inject
  WakingMessageDispatcher(IRuntimeLifecycleBinder lifecycle, IPeerConnectionPool pool,
      TorrentRegistry torrents, Config config, DispatchWakeup wakeup) {
    this(wakeup, pool::getConnection, torrents::isSupportedAndActive,
        config.getMaxMessageProcessingInterval(),
        config.getAcceptorPort() + ".bt.net.message-dispatcher");
    lifecycle.onStartup("Initialize message dispatcher", this::start);
    lifecycle.onShutdown("Shutdown message dispatcher", this::stop);
  }

  WakingMessageDispatcher(DispatchWakeup wakeup, Function<ConnectionKey, PeerConnection> connections,
      Predicate<TorrentId> active, Duration idleWait, String threadName) {
    this.wakeup = wakeup;
    this.connections = connections;
    this.active = active;
    this.idleWaitNanos = idleWait.toNanos();
    this.thread = new Thread(this::run, threadName);
  }

  @Override
  public void addMessageConsumer(ConnectionKey key, Consumer<Message> consumer) {
    synchronized (modificationLock) {
      entry(key).consumers.add(consumer);
    }
    wakeup.signal();
  }

  @Override
  public void addMessageSupplier(ConnectionKey key, Supplier<Message> supplier) {
    synchronized (modificationLock) {
      entry(key).suppliers.add(supplier);
    }
    wakeup.signal();
  }

  /** The live entry of {@code key}; one left by a closed connection of the same key is replaced. */
  private PeerEntry entry(ConnectionKey key) {
    PeerEntry entry = peers.get(key);
    if (entry == null || entry.closed()) {
      entry = new PeerEntry(key);
      peers.put(key, entry);
    }
    return entry;
  }

  void start() {
    thread.start();
  }

  boolean running() {
    return thread.isAlive();
  }

  /** Ends the loop between two passes (never interrupts a write: that closes the socket). */
  void stop() {
    shutdown = true;
    wakeup.signal();
    try {
      thread.join(STOP_WAIT_MS);
      if (thread.isAlive()) {
        LOG.warn("message dispatcher did not stop within {} ms, interrupting it", STOP_WAIT_MS);
        thread.interrupt();
      }
    } catch (InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (!shutdown) {
      wakeup.clear();
      if (!pass()) {
        wakeup.await(idleWaitNanos);
      }
      if (Thread.interrupted() && !shutdown) {
        LOG.info("Wait interrupted, shutting down...");
        return;
      }
    }
  }

  /** One turn for every peer; true when any message was received or sent. */
  private boolean pass() {
    boolean worked = false;
    for (PeerEntry peer : peers.values()) {
      if (shutdown) {
        break;
      }
      PeerConnection connection = connectionOf(peer);
      if (connection != null && active.test(peer.key.getTorrentId())) {
        worked |= receive(peer, connection);
        worked |= send(peer, connection);
      }
    }
    return worked;
  }

  /** The open connection of the peer, or null; drops the entry once its connection closed. */
  private PeerConnection connectionOf(PeerEntry peer) {
    if (peer.connection == null) {
      peer.connection = connections.apply(peer.key);
      if (peer.connection == null) {
        return null; // not (or no longer) in the pool: skipped, as in Bt
      }
    }
    if (peer.connection.isClosed()) {
      synchronized (modificationLock) {
        peers.remove(peer.key, peer);
      }
      return null;
    }
    return peer.connection;
  }

  private boolean receive(PeerEntry peer, PeerConnection connection) {
    boolean received = false;
    while (!shutdown) {
      Message message;
      try {
        message = connection.readMessageNow();
      } catch (Exception e) {
        logFailure("Error when reading message from peer connection: " + peer.key.getPeer(), e);
        break;
      }
      if (message == null) {
        break;
      }
      received = true;
      for (Consumer<Message> consumer : peer.consumers) {
        try {
          consumer.accept(message);
        } catch (Exception e) {
          LOG.warn("Error in message consumer", e);
        }
      }
    }
    return received;
  }

  private boolean send(PeerEntry peer, PeerConnection connection) {
    OutboundBacklog backlog = connection instanceof OutboundBacklog b ? b : null;
    if (backlog != null && !readyToSend(backlog)) {
      if (backlog.stalledTooLong()) {
        LOG.info("peer {}:{} took none of the bytes waiting for it for too long: disconnected",
            connection.getRemotePeer().getInetAddress().getHostAddress(),
            connection.getRemotePort());
        connection.closeQuietly();
      }
      return false; // its messages stay queued with Bt until its socket takes bytes again
    }
    int sent = 0;
    boolean more = true;
    while (more && sent < MAX_SENT_PER_PEER && !shutdown
        && (backlog == null || readyToSend(backlog))) {
      more = false;
      for (Supplier<Message> supplier : peer.suppliers) {
        Message message;
        try {
          message = supplier.get();
        } catch (Exception e) {
          LOG.warn("Error in message supplier", e);
          continue;
        }
        if (message == null) {
          continue;
        }
        sent++;
        try {
          if (backlog != null) {
            backlog.postBatched(message);
          } else {
            connection.postMessage(message);
          }
          more = true;
        } catch (Exception e) {
          logFailure("Error when writing message", e);
        }
      }
    }
    if (backlog != null && sent > 0) {
      try {
        backlog.flushBatch();
      } catch (Exception e) {
        logFailure("Error when writing message", e);
      }
    }
    return sent > 0;
  }

  /** Writes what waits for the peer; a failing write is logged as Bt logs it (not ready). */
  private boolean readyToSend(OutboundBacklog backlog) {
    try {
      return backlog.readyToSend();
    } catch (RuntimeException e) {
      logFailure("Error when writing message", e);
      return false;
    }
  }

  /** Logged as Bt does, except while stopping (connections are being closed under us). */
  private void logFailure(String what, Exception e) {
    if (shutdown) {
      LOG.debug(what, e);
    } else {
      LOG.error(what, e);
    }
  }
}
