package dev.sower.server.tracker;

import dev.sower.dataset.ByteKey;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small HTTP tracker for the torrents this server publishes (BEP 3 announce with compact peers,
 * BEP 7 {@code peers6}, BEP 23 compact lists, BEP 48 scrape). It knows only the info-hashes it is
 * given, never follows the {@code ip} parameter (a peer is where its request came from), keeps at
 * most {@code maxPeersPerTorrent} peers per torrent and forgets peers silent for two intervals.
 */
public final class EmbeddedTracker {
  /** Swarm numbers of one torrent, for scrape and metrics. */
  public record SwarmCounts(String infoHash, int seeders, int leechers, long completed) {}

  private final Set<ByteKey> allowed = ConcurrentHashMap.newKeySet();
  private final Map<ByteKey, Swarm> swarms = new ConcurrentHashMap<>();
  private final int intervalSeconds;
  private final int maxPeersPerTorrent;
  private final int maxNumwant;
  private final Clock clock;
  private final AtomicLong announces = new AtomicLong();
  private final AtomicLong scrapes = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  public EmbeddedTracker(int intervalSeconds, int maxPeersPerTorrent, Clock clock) {
    this.intervalSeconds = intervalSeconds;
    this.maxPeersPerTorrent = maxPeersPerTorrent;
    this.maxNumwant = 200;
    this.clock = clock;
  }

  public EmbeddedTracker() {
    this(1800, 50_000, Clock.systemUTC());
  }

  /** Replaces the set of info-hashes the tracker serves (a new release). */
  public void setTorrents(List<byte[]> infoHashes) {
    Set<ByteKey> next = ConcurrentHashMap.newKeySet();
    for (byte[] h : infoHashes) {
      next.add(new ByteKey(h));
    }
    allowed.retainAll(next);
    allowed.addAll(next);
    swarms.keySet().retainAll(next);
  }

  /** Answers one announce; the bytes are the bencoded response (success or failure). */
  public byte[] announce(String rawQuery, InetAddress remote) {
    try {
      return announce(QueryString.parse(rawQuery), remote);
    } catch (TrackerException e) {
      refused.incrementAndGet();
      return failure(e.getMessage());
    }
  }

  private byte[] announce(QueryString q, InetAddress remote) throws TrackerException {
    byte[] infoHash = q.first("info_hash");
    byte[] peerId = q.first("peer_id");
    if (infoHash == null || infoHash.length != 20) {
      throw new TrackerException("info_hash must be 20 bytes");
    }
    if (peerId == null || peerId.length != 20) {
      throw new TrackerException("peer_id must be 20 bytes");
    }
    ByteKey key = new ByteKey(infoHash);
    if (!allowed.contains(key)) {
      throw new TrackerException("unknown torrent (this tracker serves only its own)");
    }
    int port = (int) q.number("port", -1, 1, 65535);
    if (port < 0) {
      throw new TrackerException("port is missing");
    }
    long left = q.number("left", 0, 0, Long.MAX_VALUE);
    int numwant = (int) Math.min(q.number("numwant", 50, 0, Integer.MAX_VALUE), maxNumwant);
    AnnounceEvent event = AnnounceEvent.of(q.text("event"));
    announces.incrementAndGet();

    Swarm swarm = swarms.computeIfAbsent(key, k -> new Swarm());
    long now = clock.millis();
    byte[] address = remote.getAddress();
    List<Peer> others;
    synchronized (swarm) {
      swarm.expire(now - 2_000L * intervalSeconds);
      ByteKey id = new ByteKey(peerId);
      if (event == AnnounceEvent.STOPPED) {
        swarm.peers.remove(id);
      } else {
        Peer previous = swarm.peers.remove(id);
        if (swarm.peers.size() >= maxPeersPerTorrent) {
          Iterator<Peer> oldest = swarm.peers.values().iterator();
          oldest.next();
          oldest.remove();
        }
        swarm.peers.put(id, new Peer(id, address, port, left, now));
        if (event == AnnounceEvent.COMPLETED && (previous == null || previous.left() > 0)) {
          swarm.completed++;
        }
      }
      others = new ArrayList<>(swarm.peers.values());
    }
    Collections.shuffle(others);
    ByteBuffer v4 = ByteBuffer.allocate(6 * Math.min(numwant, others.size()));
    ByteBuffer v6 = ByteBuffer.allocate(18 * Math.min(numwant, others.size()));
    int seeders = 0;
    int leechers = 0;
    int given = 0;
    for (Peer p : others) {
      if (p.left() == 0) {
        seeders++;
      } else {
        leechers++;
      }
      if (given >= numwant || Arrays.equals(p.id().bytes(), peerId)) {
        continue;
      }
      // A seed gains nothing from other seeds.
      if (left == 0 && p.left() == 0) {
        continue;
      }
      if (p.address().length == 4) {
        v4.put(p.address()).putShort((short) p.port());
      } else {
        v6.put(p.address()).putShort((short) p.port());
      }
      given++;
    }
    Bencoder b = new Bencoder().dict()
        .key("complete").integer(seeders)
        .key("incomplete").integer(leechers)
        .key("interval").integer(intervalSeconds)
        .key("min interval").integer(Math.max(1, intervalSeconds / 2))
        .key("peers").string(Arrays.copyOf(v4.array(), v4.position()));
    if (v6.position() > 0) {
      b.key("peers6").string(Arrays.copyOf(v6.array(), v6.position()));
    }
    return b.end().bytes();
  }

  /** Answers a scrape for the given info-hashes, or for every torrent when none is given. */
  public byte[] scrape(String rawQuery) {
    try {
      QueryString q = QueryString.parse(rawQuery);
      scrapes.incrementAndGet();
      List<ByteKey> keys = new ArrayList<>();
      for (byte[] h : q.all("info_hash")) {
        if (h.length != 20) {
          throw new TrackerException("info_hash must be 20 bytes");
        }
        keys.add(new ByteKey(h));
      }
      if (keys.isEmpty()) {
        keys.addAll(allowed);
      }
      keys.sort((a, b) -> Arrays.compareUnsigned(a.bytes(), b.bytes()));
      Bencoder b = new Bencoder().dict().key("files").dict();
      byte[] previous = null;
      for (ByteKey k : keys) {
        if (!allowed.contains(k) || (previous != null && Arrays.equals(previous, k.bytes()))) {
          continue;
        }
        previous = k.bytes();
        SwarmCounts c = counts(k);
        b.string(k.bytes()).dict()
            .key("complete").integer(c.seeders())
            .key("downloaded").integer(c.completed())
            .key("incomplete").integer(c.leechers())
            .end();
      }
      return b.end().end().bytes();
    } catch (TrackerException e) {
      refused.incrementAndGet();
      return failure(e.getMessage());
    }
  }

  /** Counts for every served torrent. */
  public List<SwarmCounts> counts() {
    List<SwarmCounts> all = new ArrayList<>();
    for (ByteKey k : allowed) {
      all.add(counts(k));
    }
    return all;
  }

  public long announces() {
    return announces.get();
  }

  public long scrapes() {
    return scrapes.get();
  }

  public long refused() {
    return refused.get();
  }

  private SwarmCounts counts(ByteKey key) {
    Swarm swarm = swarms.get(key);
    int seeders = 0;
    int leechers = 0;
    long completed = 0;
    if (swarm != null) {
      synchronized (swarm) {
        swarm.expire(clock.millis() - 2_000L * intervalSeconds);
        for (Peer p : swarm.peers.values()) {
          if (p.left() == 0) {
            seeders++;
          } else {
            leechers++;
          }
        }
        completed = swarm.completed;
      }
    }
    return new SwarmCounts(HexFormat.of().formatHex(key.bytes()), seeders, leechers, completed);
  }

  static byte[] failure(String reason) {
    return new Bencoder().dict().key("failure reason").string(reason).end().bytes();
  }

  /** Peers of one torrent in order of last announce (oldest first). */
  private static final class Swarm {
    final LinkedHashMap<ByteKey, Peer> peers = new LinkedHashMap<>();
    long completed;

    void expire(long before) {
      Iterator<Peer> it = peers.values().iterator();
      while (it.hasNext()) {
        if (it.next().lastSeen() < before) {
          it.remove();
        } else {
          return; // ordered by last announce
        }
      }
    }
  }

  private record Peer(ByteKey id, byte[] address, int port, long left, long lastSeen) {}


}
