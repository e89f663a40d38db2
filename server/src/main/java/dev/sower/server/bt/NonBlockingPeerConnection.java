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
 * {@link NonBlockingChannelHandler}: the same reads, waits and bookkeeping, and the handler's
 * {@link OutboundBacklog} for the message dispatcher.
 */
final class NonBlockingPeerConnection implements PeerConnection, OutboundBacklog {
  private static final Logger LOG = LoggerFactory.getLogger(NonBlockingPeerConnection.class);
  /** As Bt: how often a blocking read looks for a message (handshakes only). */
  private static final long WAIT_BETWEEN_READS_MS = 100;

  private final AtomicReference<TorrentId> torrentId = new AtomicReference<>();
  private final Peer remotePeer;
  private final int remotePort;
  private final NonBlockingChannelHandler handler;
  private final AtomicLong lastActive = new AtomicLong();
  private final Object readWait = new Object();

  NonBlockingPeerConnection(Peer remotePeer, int remotePort, NonBlockingChannelHandler handler) {
    this.remotePeer = remotePeer;
    this.remotePort = remotePort;
    this.handler = handler;
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

  /** Waits up to {@code timeout} ms for a message (Bt's handshake handlers call this). */
  @Override
  public synchronized Message readMessage(long timeout) throws IOException {
    Message message = readMessageNow();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
    while (message == null && !handler.isClosed()) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return null;
      }
      synchronized (readWait) {
        try {
          readWait.wait(Math.min(left, WAIT_BETWEEN_READS_MS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for a message", e);
        }
      }
      message = readMessageNow();
    }
    return message;
  }

  @Override
  public synchronized void postMessage(Message message) {
    lastActive.set(System.currentTimeMillis());
    handler.send(message);
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
