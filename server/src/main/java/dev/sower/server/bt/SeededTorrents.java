package dev.sower.server.bt;

import bt.metainfo.TorrentId;
import bt.protocol.crypto.EncryptionPolicy;
import bt.runtime.BtClient;
import bt.runtime.BtRuntime;
import bt.service.IdentityService;
import bt.torrent.TorrentRegistry;
import bt.torrent.TorrentSessionState;
import bt.tracker.ITrackerService;
import bt.tracker.TrackerResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The torrents of one release seeded on a {@link BtSeeder}'s runtime. {@link #stop} ends them
 * (each announces "stopped") and leaves the runtime and its port to the next release.
 */
public final class SeededTorrents {
  private static final Logger LOG = LoggerFactory.getLogger(SeededTorrents.class);

  private final BtSeeder seeder;
  private final BtRuntime runtime;
  private final List<Seeded> seeded = new ArrayList<>();
  private final Map<String, BtSeeder.TorrentStats> stats = new ConcurrentHashMap<>();
  private boolean stopped;

  /** {@code trackers}: every tracker the torrent announces to, each sent "stopped" by stop(). */
  private record Seeded(CompactTorrent torrent, BtClient client, List<String> trackers) {}

  SeededTorrents(BtSeeder seeder, BtRuntime runtime) {
    this.seeder = seeder;
    this.runtime = runtime;
  }

  void add(CompactTorrent torrent, BtClient client, List<String> trackers) {
    seeded.add(new Seeded(torrent, client, trackers));
  }

  /**
   * Waits until Bt runs every torrent (registered, active): a client stopped before that would
   * start anyway and never stop. Throws when one ended or did not start in time.
   */
  /** This release's torrents. */
  List<CompactTorrent> torrents() {
    return seeded.stream().map(Seeded::torrent).toList();
  }

  /** The info-hashes of this release's torrents. */
  List<TorrentId> torrentIds() {
    return seeded.stream().map(s -> s.torrent().getTorrentId()).toList();
  }

  void awaitStarted(Duration timeout) {
    TorrentRegistry registry = runtime.service(TorrentRegistry.class);
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Seeded s : seeded) {
      while (!registry.getDescriptor(s.torrent().getTorrentId())
          .map(d -> d.isActive()).orElse(false)) {
        if (!s.client().isStarted()) {
          throw new IllegalStateException("torrent " + s.torrent().seed() + " failed to start");
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("torrent " + s.torrent().seed()
              + " did not start within " + timeout.toSeconds() + " s");
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while starting the torrents", e);
        }
      }
    }
  }

  void record(String hex, TorrentSessionState state) {
    stats.put(hex, new BtSeeder.TorrentStats(hex, state.getUploaded(),
        state.getConnectedPeers().size(), state.getPiecesComplete(), state.getPiecesTotal()));
  }

  public List<BtSeeder.TorrentStats> stats() {
    return List.copyOf(stats.values());
  }

  /**
   * Stops every torrent: Bt ends each session and "stopped" goes to every tracker; waits up
   * to {@code timeout} for the announces and for Bt to unregister the torrents (so the same
   * info-hash can be seeded again on this runtime). Idempotent.
   */
  public synchronized void stop(Duration timeout) {
    if (stopped) {
      return;
    }
    stopped = true;
    seeder.released(this);
    CountDownLatch unregistered = new CountDownLatch(seeded.size());
    for (Seeded s : seeded) {
      runtime.getEventSource().onTorrentStopped(s.torrent().getTorrentId(),
          e -> unregistered.countDown());
    }
    List<Thread> extraStops = new ArrayList<>();
    for (Seeded s : seeded) {
      try {
        s.client().stop();
      } catch (RuntimeException e) {
        LOG.warn("stopping torrent {} failed", s.torrent().seed(), e);
      }
      // Bt announces to the trackers as peer sources, which send no "stopped": send it here.
      List<String> urls = s.trackers();
      for (String url : urls) {
        Thread t = new Thread(() -> announceStopped(s.torrent(), url), "sower-stop-announce");
        t.setDaemon(true);
        t.start();
        extraStops.add(t);
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (Thread t : extraStops) {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
      if (!unregistered.await(Math.max(1, (deadline - System.nanoTime()) / 1_000_000),
          TimeUnit.MILLISECONDS)) {
        LOG.warn("{} of {} torrents did not confirm 'stopped' within {} ms",
            unregistered.getCount(), seeded.size(), timeout.toMillis());
      }
      // Bt unregisters a torrent on the same event, in a listener of its own
      TorrentRegistry registry = runtime.service(TorrentRegistry.class);
      for (Seeded s : seeded) {
        while (registry.getDescriptor(s.torrent().getTorrentId()).isPresent()
            && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void announceStopped(CompactTorrent torrent, String url) {
    try {
      if (url.startsWith("http://") || url.startsWith("https://")) {
        // one short request of our own, independent of Bt's tracker clients and their queue
        httpStopped(torrent, url);
        return;
      }
      ITrackerService trackers = runtime.service(ITrackerService.class);
      if (!trackers.isSupportedProtocol(url)) {
        return;
      }
      TrackerResponse response = trackers.getTracker(url).request(torrent.getTorrentId())
          .numWant(0).stop();
      if (!response.isSuccess()) {
        LOG.warn("tracker {} refused 'stopped' for {}: {}", url, torrent.seed(),
            response.getErrorMessage());
      }
    } catch (RuntimeException e) {
      LOG.warn("could not send 'stopped' to {} for {}: {}", url, torrent.seed(), e.toString());
    }
  }

  private void httpStopped(CompactTorrent torrent, String url) {
    byte[] peerId = runtime.service(IdentityService.class).getLocalPeerId().getBytes();
    String stopped = new AnnounceQuery(torrent.seed().infoHash(), peerId, null,
        runtime.getConfig().getAcceptorPort(), new AnnounceQuery.Transfer(0, 0, 0), 0, null, null,
        AnnounceQuery.Event.STOPPED, EncryptionPolicy.REQUIRE_PLAINTEXT).appendTo(url);
    HttpRequest request = HttpRequest.newBuilder(URI.create(stopped))
        .timeout(Duration.ofSeconds(4)).GET().build();
    try {
      HttpResponse<Void> response = HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(3)).build()
          .send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        LOG.warn("tracker {} answered HTTP {} to 'stopped' for {}", url, response.statusCode(),
            torrent.seed());
      }
    } catch (java.io.IOException e) {
      LOG.warn("could not send 'stopped' to {} for {}: {}", url, torrent.seed(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
