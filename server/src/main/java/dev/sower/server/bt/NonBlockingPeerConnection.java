package dev.sower.server.bt;

import bt.metainfo.TorrentId;
import bt.net.Peer;
import bt.net.PeerConnection;
import bt.protocol.Message;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bt's {@code SocketPeerConnection} (whose constructor is package-private) over a
 * {@link NonBlockingChannelHandler}: the same reads and bookkeeping, and the handler's
 * {@link OutboundBacklog} for the message dispatcher. One difference: a blocking
 * {@link #readMessage(long)} (Bt's handshake handlers) is woken by the receive loop as soon as
 * it has read bytes for this connection, where Bt's slept 100 ms between two looks. With
 * aria2c, whose handshake follows our answer to its MSE handshake, every connection waited
 * ~100 ms there before Sower answered the handshake.
 */
final class NonBlockingPeerConnection implements PeerConnection, OutboundBacklog {
  private static final Logger LOG = LoggerFactory.getLogger(NonBlockingPeerConnection.class);
  /** As Bt: how often a blocking read looks for a message even if not woken (handshakes only). */
  static final long WAIT_BETWEEN_READS_MS = 100;

  private final AtomicReference<TorrentId> torrentId = new AtomicReference<>();
  private final Peer remotePeer;
  private final int remotePort;
  private final NonBlockingChannelHandler handler;
  private final AtomicLong lastActive = new AtomicLong();
  private final Object readWait = new Object();
  private final long pollMillis;
  /** Reads of the socket seen while a blocking read waited; guarded by {@link #readWait}. */
  private long arrivals;
  /** A blocking read is waiting: only then do socket reads take {@link #readWait}. */
  private volatile boolean awaitingMessage;

  NonBlockingPeerConnection(Peer remotePeer, int remotePort, NonBlockingChannelHandler handler) {
    this(remotePeer, remotePort, handler, WAIT_BETWEEN_READS_MS);
  }

  /** {@code pollMillis}: the longest wait between two looks when not woken (tests). */
  NonBlockingPeerConnection(Peer remotePeer, int remotePort, NonBlockingChannelHandler handler,
      long pollMillis) {
    this.remotePeer = remotePeer;
    this.remotePort = remotePort;
    this.handler = handler;
    this.pollMillis = pollMillis;
    handler.onInbound(this::inboundArrived);
  }

  /** On the receive loop's thread, after it read this connection's socket. */
  private void inboundArrived() {
    if (awaitingMessage) {
      synchronized (readWait) {
        arrivals++;
        readWait.notifyAll();
      }
    }
  }

  @Override
  public TorrentId setTorrentId(TorrentId id) {
    return torrentId.getAndSet(id);
  }

  @Override
  public TorrentId getTorrentId() {
    return torrentId.get();
  }

  @Override
  public synchronized Message readMessageNow() {
    Message message = handler.receive();
    if (message != null) {
      lastActive.set(System.currentTimeMillis());
    }
    return message;
  }

  /**
   * Waits up to {@code timeout} ms for a message (Bt's handshake handlers call this), woken by
   * the receive loop whenever it has read this connection's socket.
   */
  @Override
  public synchronized Message readMessage(long timeout) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
    awaitingMessage = true;
    try {
      while (true) {
        long seen;
        synchronized (readWait) {
          seen = arrivals;
        }
        Message message = readMessageNow();
        if (message != null || handler.isClosed()) {
          return message;
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return null;
        }
        synchronized (readWait) {
          if (arrivals == seen) { // nothing read since the look above: wait to be woken
            readWait.wait(Math.min(left, pollMillis));
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a message", e);
    } finally {
      awaitingMessage = false;
    }
  }

  @Override
  public synchronized void postMessage(Message message) {
    lastActive.set(System.currentTimeMillis());
    handler.send(message);
  }

  @Override
  public synchronized void postBatched(Message message) {
    lastActive.set(System.currentTimeMillis());
    handler.postBatched(message);
  }

  @Override
  public synchronized void flushBatch() {
    handler.flushBatch();
  }

  @Override
  public boolean readyToSend() {
    return handler.readyToSend();
  }

  @Override
  public boolean stalledTooLong() {
    return handler.stalledTooLong();
  }

  @Override
  public Peer getRemotePeer() {
    return remotePeer;
  }

  @Override
  public int getRemotePort() {
    return remotePort;
  }

  @Override
  public void closeQuietly() {
    close();
  }

  @Override
  public void close() {
    if (!isClosed()) {
      LOG.trace("closing connection to {}:{}", remotePeer.getInetAddress(), remotePort);
      handler.close();
    }
  }

  @Override
  public boolean isClosed() {
    return handler.isClosed();
  }

  @Override
  public long getLastActive() {
    return lastActive.get();
  }

  @Override
  public String toString() {
    return "NonBlockingPeerConnection{torrentId=" + torrentId + ", remotePeer=" + remotePeer
        + ", remotePort=" + remotePort + ", lastActive=" + lastActive + "}";
  }
}
