package dev.sower.server.bt;

import bt.net.ConnectionKey;
import bt.protocol.Interested;
import bt.protocol.NotInterested;
import bt.torrent.annotation.Consumes;
import bt.torrent.messaging.MessageContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Bt messaging agent that keeps the connections whose peer said "interested" and has not
 * said "not interested" since. Public only because Bt compiles agents through a public lookup;
 * nothing outside this package creates or reads it.
 */
public final class PeerInterest {
  private final Set<ConnectionKey> interested = ConcurrentHashMap.newKeySet();

  PeerInterest() {}

  /** Called by Bt for each {@code interested} message. */
  @Consumes
  public void consume(Interested message, MessageContext context) {
    interested.add(context.getConnectionKey());
  }

  /** Called by Bt for each {@code not interested} message. */
  @Consumes
  public void consume(NotInterested message, MessageContext context) {
    interested.remove(context.getConnectionKey());
  }

  boolean isInterested(ConnectionKey key) {
    return interested.contains(key);
  }

  /** Forgets connections of {@code torrent} that are not in {@code live} any more. */
  void retainOnly(bt.metainfo.TorrentId torrent, Set<ConnectionKey> live) {
    interested.removeIf(k -> k.getTorrentId().equals(torrent) && !live.contains(k));
  }
}
