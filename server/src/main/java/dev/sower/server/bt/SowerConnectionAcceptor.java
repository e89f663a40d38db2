package dev.sower.server.bt;

import bt.net.ConnectionResult;
import bt.net.ConnectionRoutine;
import bt.net.IPeerConnectionFactory;
import bt.net.InetPeer;
import bt.net.SocketChannelConnectionAcceptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BitTorrent listening socket, in place of Bt's {@link SocketChannelConnectionAcceptor}
 * (Guice key overridden in {@link SowerBtModule}). Bt's own binds lazily on its acceptor thread
 * (a port in use shows only as a logged stack trace, and seeding carries on without accepting
 * anyone), closes the socket only when that thread happens to be interrupted inside
 * {@code accept()}, and reports that close as an "Unexpected error" with a stack trace on every
 * stop. This one binds in {@link #bind()}, before the runtime starts, so a busy port fails the
 * start with a clear message; when the runtime shuts down it hands Bt's acceptor loop a routine
 * that establishes nothing, so the loop ends quietly; {@link #close()} releases the port.
 */
final class SowerConnectionAcceptor extends SocketChannelConnectionAcceptor {
  private static final Logger LOG = LoggerFactory.getLogger(SowerConnectionAcceptor.class);

  private final IPeerConnectionFactory connections;
  private final InetSocketAddress address;
  private volatile ServerSocketChannel channel;

  SowerConnectionAcceptor(Selector selector, IPeerConnectionFactory connections,
      InetSocketAddress address) {
    super(selector, connections, address);
    this.connections = connections;
    this.address = address;
  }

  /** Binds the listening socket; throws naming the address when it is taken. */
  synchronized void bind() throws IOException {
    if (channel != null) {
      return;
    }
    ServerSocketChannel ch = ServerSocketChannel.open();
    try {
      ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      ch.bind(address);
      ch.configureBlocking(true);
    } catch (IOException e) {
      ch.close();
      throw new IOException("cannot listen for BitTorrent peers on " + address.getHostString()
          + ":" + address.getPort() + ": " + e.getMessage(), e);
    }
    channel = ch;
    LOG.debug("listening for BitTorrent peers on {}", ch.getLocalAddress());
  }

  /** Bt's acceptor loop calls this on its own thread until the runtime shuts down. */
  @Override
  public ConnectionRoutine accept() {
    ServerSocketChannel ch = channel;
    while (ch != null && ch.isOpen()) {
      SocketChannel peer;
      try {
        peer = ch.accept();
      } catch (ClosedChannelException e) {
        // shutdown: the runtime interrupted this thread (which closes the channel) or close()
        break;
      } catch (IOException e) {
        LOG.warn("accepting a BitTorrent connection on {} failed: {}", address, e.toString());
        continue;
      }
      try {
        SocketAddress remote = peer.getRemoteAddress();
        if (remote instanceof InetSocketAddress inet) {
          return incoming(peer, inet);
        }
        peer.close();
      } catch (IOException e) {
        LOG.debug("incoming connection dropped before its handshake", e);
        closeQuietly(peer);
      }
    }
    // Bt's loop tests its shutdown flag after each routine; until the runtime interrupts this
    // thread (it always does on shutdown), there is nothing to accept.
    while (!Thread.currentThread().isInterrupted()) {
      LockSupport.park(this);
    }
    return new Stopped(address);
  }

  private ConnectionRoutine incoming(SocketChannel peer, InetSocketAddress remote) {
    return new ConnectionRoutine() {
      @Override
      public SocketAddress getRemoteAddress() {
        return remote;
      }

      @Override
      public ConnectionResult establish() {
        try {
          return connections.createIncomingConnection(
              InetPeer.builder(remote.getAddress()).build(), peer);
        } catch (RuntimeException e) {
          closeQuietly(peer);
          return ConnectionResult.failure("incoming connection from " + remote + " failed", e);
        }
      }

      @Override
      public void cancel() {
        closeQuietly(peer);
      }
    };
  }

  /** Releases the port; the runtime must have shut down first (its loop ends on interrupt). */
  synchronized void close() {
    ServerSocketChannel ch = channel;
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        LOG.debug("closing the BitTorrent listening socket", e);
      }
    }
  }

  private static void closeQuietly(SocketChannel peer) {
    try {
      peer.close();
    } catch (IOException e) {
      LOG.debug("closing a peer channel", e);
    }
  }

  /** What the loop gets once the socket is closed: establishes nothing, cancels nothing. */
  private static final class Stopped implements ConnectionRoutine {
    private final SocketAddress local;

    Stopped(SocketAddress local) {
      this.local = local;
    }

    @Override
    public SocketAddress getRemoteAddress() {
      return local;
    }

    @Override
    public ConnectionResult establish() {
      return ConnectionResult.failure("not accepting connections: the runtime is stopping");
    }

    @Override
    public void cancel() {
      // nothing was accepted
    }
  }
}
