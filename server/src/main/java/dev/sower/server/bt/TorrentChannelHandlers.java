package dev.sower.server.bt;

import bt.event.EventSource;
import bt.metainfo.TorrentId;
import bt.net.pipeline.ChannelHandler;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The open channel handlers of each torrent, activated when the torrent starts and deactivated
 * when it stops. Bt's connection factory added one start and one stop listener to the event bus
 * per connection, which the bus drops only when the torrent stops (never, for a seeder): every
 * closed connection stayed reachable, with its pipeline and socket. Here each torrent has one
 * listener pair, registered with its first connection, walking a set from which a handler removes
 * itself when it closes.
 */
final class TorrentChannelHandlers {
  private final EventSource events;
  private final ConcurrentMap<TorrentId, Set<NonBlockingChannelHandler>> byTorrent =
      new ConcurrentHashMap<>();

  TorrentChannelHandlers(EventSource events) {
    this.events = events;
  }

  /** Activates and deactivates {@code handler} with torrent {@code id} until it closes. */
  void add(TorrentId id, NonBlockingChannelHandler handler) {
    Set<NonBlockingChannelHandler> handlers = handlersOf(id);
    handlers.add(handler);
    handler.whenClosed(() -> handlers.remove(handler));
  }

  /** How many open handlers torrent {@code id} has. */
  int openHandlers(TorrentId id) {
    Set<NonBlockingChannelHandler> handlers = byTorrent.get(id);
    return handlers == null ? 0 : handlers.size();
  }

  private Set<NonBlockingChannelHandler> handlersOf(TorrentId id) {
    Set<NonBlockingChannelHandler> handlers = byTorrent.get(id);
    if (handlers != null) {
      return handlers;
    }
    Set<NonBlockingChannelHandler> fresh = ConcurrentHashMap.newKeySet();
    handlers = byTorrent.putIfAbsent(id, fresh);
    if (handlers != null) {
      return handlers;
    }
    // Outside any map lock: the bus fires events under its own lock, and our listeners touch
    // the map.
    events.onTorrentStarted(id, event -> fresh.forEach(ChannelHandler::activate));
    events.onTorrentStopped(id, event -> {
      fresh.forEach(ChannelHandler::deactivate);
      byTorrent.remove(id, fresh); // the bus drops a stopped torrent's listeners: a restart adds anew
    });
    return fresh;
  }
}
