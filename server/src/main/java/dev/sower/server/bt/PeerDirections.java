package dev.sower.server.bt;

import bt.net.ConnectionHandler;
import bt.net.IConnectionHandlerFactory;
import bt.net.PeerConnection;
import bt.metainfo.TorrentId;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Remembers who opened each peer connection. Bt knows it only while it builds the connection
 * (its incoming handler serves the acceptor, one outgoing handler per torrent serves the
 * connections it opens), so this wraps Bt's handler factory and marks every connection whose
 * handshake succeeded. Entries go with the connection objects (weak keys).
 */
final class PeerDirections implements IConnectionHandlerFactory {
  /** Who opened a connection. */
  enum Direction { INCOMING, OUTGOING }

  private final IConnectionHandlerFactory delegate;
  private final Map<PeerConnection, Direction> directions =
      Collections.synchronizedMap(new WeakHashMap<>());

  PeerDirections(IConnectionHandlerFactory delegate) {
    this.delegate = delegate;
  }

  @Override
  public ConnectionHandler getIncomingHandler() {
    return marking(delegate.getIncomingHandler(), Direction.INCOMING);
  }

  @Override
  public ConnectionHandler getOutgoingHandler(TorrentId torrentId) {
    return marking(delegate.getOutgoingHandler(torrentId), Direction.OUTGOING);
  }

  private ConnectionHandler marking(ConnectionHandler handler, Direction direction) {
    return connection -> {
      boolean accepted = handler.handleConnection(connection);
      if (accepted) {
        directions.put(connection, direction);
      }
      return accepted;
    };
  }

  /** The direction of a connection that passed its handshake, or null if unknown. */
  Direction of(PeerConnection connection) {
    return directions.get(connection);
  }
}
