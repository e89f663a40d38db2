package dev.sower.server.bt;

import bt.metainfo.TorrentId;
import bt.net.Peer;
import bt.peer.IPeerRegistry;
import bt.protocol.crypto.EncryptionPolicy;
import bt.runtime.Config;
import bt.service.IdentityService;
import bt.torrent.TorrentDescriptor;
import bt.torrent.TorrentRegistry;
import bt.tracker.Tracker;
import bt.tracker.TrackerFactory;
import com.google.inject.Inject;
import dev.sower.server.bt.AnnounceQuery.Event;
import dev.sower.server.bt.AnnounceQuery.Transfer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Makes an {@link HttpAnnounceTracker} per HTTP(S) tracker URL, all sharing one JDK
 * {@link HttpClient} (HTTP/1.1, connect timeout = Bt's tracker timeout, no redirects). Each
 * announce's query takes what Bt's own {@code HttpTrackerFactory} would: the peer id, the local
 * peer's address (unless it is the wildcard) and port, the torrent's counters, Bt's default
 * numwant, the secret key and the encryption policy. Registered for "http" and "https" by
 * {@link HttpAnnounceModule} in place of Bt's {@code HttpTrackerModule}.
 */
final class HttpAnnounceTrackerFactory implements TrackerFactory {
  private final TorrentRegistry torrents;
  private final IdentityService identity;
  private final IPeerRegistry peers;
  private final EncryptionPolicy crypto;
  private final int defaultNumWant;
  private final Duration timeout;
  private final HttpClient client;

  @Inject
  HttpAnnounceTrackerFactory(TorrentRegistry torrents, IdentityService identity,
      IPeerRegistry peers, Config config) {
    this.torrents = torrents;
    this.identity = identity;
    this.peers = peers;
    this.crypto = config.getEncryptionPolicy();
    this.defaultNumWant = config.getNumberOfPeersToRequestFromTracker();
    this.timeout = config.getTrackerTimeout();
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public Tracker getTracker(String trackerUrl) {
    return new HttpAnnounceTracker(trackerUrl, client, timeout, this::query);
  }

  private AnnounceQuery query(TorrentId torrent, Integer numWant, Event event) {
    Peer local = peers.getLocalPeer();
    InetAddress ip = local.getInetAddress();
    Transfer transfer = torrents.getDescriptor(torrent)
        .flatMap(TorrentDescriptor::getSessionState)
        .map(s -> new Transfer(s.getUploaded(), s.getDownloaded(), s.getLeft()))
        .orElse(null);
    byte[] key = identity.getSecretKey().map(k -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      k.writeTo(out);
      return out.toByteArray();
    }).orElse(null);
    return new AnnounceQuery(torrent.getBytes(), identity.getLocalPeerId().getBytes(),
        ip == null || ip.isAnyLocalAddress() ? null : ip, local.getPort(), transfer,
        numWant != null ? numWant : defaultNumWant, key, null, event, crypto);
  }
}
