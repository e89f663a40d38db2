package dev.sower.server;

import dev.sower.server.bt.BtSeeder;
import dev.sower.server.bt.SeededTorrents;
import dev.sower.server.bt.SwarmSettings;
import dev.sower.server.seed.DatasetReader;
import dev.sower.server.seed.FileStamps;
import dev.sower.server.seed.MakeStateImport;
import dev.sower.server.seed.PreparedTorrent;
import dev.sower.server.seed.SeedTorrent;
import dev.sower.server.seed.ServeGuard;
import dev.sower.server.seed.StartupCheck;
import dev.sower.server.seed.TorrentFileReader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds every .torrent of a release directory from the dataset in place. Start-up reads no data
 * that is known good: each torrent's {@link StartupCheck} trusts pieces whose files kept their
 * size, mtime and inode since they were last found good and hashes the rest; the result is saved
 * in the state directory for the next start. The torrents are seeded on a {@link BtSeeder} shared
 * by every release of the daemon ({@link #prepare}, {@link #begin}, {@link #end}), or on one of
 * its own ({@link #start}).
 */
public final class SeedingService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SeedingService.class);

  /**
   * What to seed and where to listen.
   *
   * @param announceUrls trackers the seeder announces to; empty means each torrent's own list
   * @param checkThreads threads for stat calls and hashing at start
   */
  public record Options(Path datasetDir, Path torrentsDir, Path stateDir, InetAddress bindAddress,
      int btPort, List<String> announceUrls, int maxOpenFiles, int checkThreads,
      int maxPeerConnections, int maxPeerConnectionsPerTorrent, SwarmSettings swarm) {
    public Options {
      announceUrls = List.copyOf(announceUrls);
    }

    /** Without DHT and upload rate limits. */
    public Options(Path datasetDir, Path torrentsDir, Path stateDir, InetAddress bindAddress,
        int btPort, List<String> announceUrls, int maxOpenFiles, int checkThreads,
        int maxPeerConnections, int maxPeerConnectionsPerTorrent) {
      this(datasetDir, torrentsDir, stateDir, bindAddress, btPort, announceUrls, maxOpenFiles,
          checkThreads, maxPeerConnections, maxPeerConnectionsPerTorrent, SwarmSettings.OFF);
    }

    public Options withSwarm(SwarmSettings settings) {
      return new Options(datasetDir, torrentsDir, stateDir, bindAddress, btPort, announceUrls,
          maxOpenFiles, checkThreads, maxPeerConnections, maxPeerConnectionsPerTorrent, settings);
    }

    public Options withConnectionLimits(int total, int perTorrent) {
      return new Options(datasetDir, torrentsDir, stateDir, bindAddress, btPort, announceUrls,
          maxOpenFiles, checkThreads, total, perTorrent, swarm);
    }

    public static Options defaults(Path datasetDir, Path torrentsDir, Path stateDir,
        InetAddress bindAddress, int btPort) {
      return new Options(datasetDir, torrentsDir, stateDir, bindAddress, btPort, List.of(), 256,
          Math.max(2, Runtime.getRuntime().availableProcessors()), 500, 200);
    }

    public Options withAnnounceUrls(List<String> urls) {
      return new Options(datasetDir, torrentsDir, stateDir, bindAddress, btPort, urls,
          maxOpenFiles, checkThreads, maxPeerConnections, maxPeerConnectionsPerTorrent, swarm);
    }
  }

  /** One torrent's start-up summary, also logged. */
  public record TorrentSummary(String name, String file, String infoHash, int files, int pieces,
      int trusted, int hashed, int failed, long checkMillis) {}

  private final Options options;
  private final DatasetReader reader;
  private final List<PreparedTorrent> torrents;
  private final List<TorrentSummary> summaries;
  private final BtSeeder seeder;
  private final boolean ownsSeeder;
  private final long checkBytesRead;
  private volatile SeededTorrents seeded;

  private SeedingService(Options options, DatasetReader reader, List<PreparedTorrent> torrents,
      List<TorrentSummary> summaries, BtSeeder seeder, boolean ownsSeeder, long checkBytesRead) {
    this.checkBytesRead = checkBytesRead;
    this.options = options;
    this.reader = reader;
    this.torrents = torrents;
    this.summaries = summaries;
    this.seeder = seeder;
    this.ownsSeeder = ownsSeeder;
  }

  /**
   * Loads, checks and starts seeding every torrent on a runtime of its own, listening on the
   * options' port; throws (having started nothing) on error.
   */
  public static SeedingService start(Options options) throws IOException {
    BtSeeder seeder = BtSeeder.start(new BtSeeder.Settings(options.bindAddress(),
        options.btPort(), options.announceUrls(), options.maxPeerConnections(),
        options.maxPeerConnectionsPerTorrent(), options.swarm()));
    try {
      SeedingService service = check(options, seeder, true);
      service.begin();
      return service;
    } catch (IOException | RuntimeException e) {
      seeder.stop(Duration.ofSeconds(3));
      throw e;
    }
  }

  /**
   * Loads and checks every torrent of the release for seeding on {@code seeder} (shared with other
   * releases); seeds nothing until {@link #begin}. Throws, having kept nothing open, on error.
   */
  public static SeedingService prepare(Options options, BtSeeder seeder) throws IOException {
    return check(options, seeder, false);
  }

  private static SeedingService check(Options options, BtSeeder seeder, boolean ownsSeeder)
      throws IOException {
    if (!Files.isDirectory(options.datasetDir())) {
      throw new IOException("dataset directory not found: " + options.datasetDir());
    }
    List<Path> files = torrentFiles(options.torrentsDir());
    if (files.isEmpty()) {
      throw new IOException("no .torrent files in " + options.torrentsDir()
          + " (run 'sower make' first)");
    }
    Files.createDirectories(options.stateDir());
    DatasetReader reader = new DatasetReader(options.datasetDir(), options.maxOpenFiles());
    try {
      List<PreparedTorrent> prepared = new ArrayList<>();
      List<TorrentSummary> summaries = new ArrayList<>();
      for (Path file : files) {
        SeedTorrent torrent = TorrentFileReader.read(file);
        FileStamps saved = FileStamps.load(options.stateDir(), torrent);
        int imported = MakeStateImport.fill(saved, torrent);
        if (imported > 0) {
          LOG.debug("torrent {}: {} file stamps taken from sower make's state", file, imported);
        }
        StartupCheck.Result check =
            new StartupCheck(torrent, reader, options.checkThreads()).run(saved);
        check.stamps().save(options.stateDir(), torrent);
        ServeGuard guard = new ServeGuard(torrent, reader, check.stamps());
        prepared.add(new PreparedTorrent(torrent, check.verified(), guard, check));
        TorrentSummary summary = new TorrentSummary(torrent.name(),
            file.getFileName().toString(), torrent.infoHashHex(), torrent.files().count(),
            torrent.pieceCount(), check.trusted(), check.hashed(), check.failed(), check.millis());
        summaries.add(summary);
        LOG.info("torrent {}: name {}, info-hash {}, {} files, {} pieces: {} trusted, {} hashed, "
                + "{} bad ({} ms)", summary.file(), summary.name(), summary.infoHash(),
            summary.files(), summary.pieces(), summary.trusted(), summary.hashed(),
            summary.failed(), summary.checkMillis());
        if (check.failed() > 0) {
          LOG.warn("torrent {}: {} pieces do not match the dataset and are not offered",
              summary.file(), check.failed());
        }
      }
      return new SeedingService(options, reader, prepared, summaries, seeder, ownsSeeder,
          reader.bytesRead());
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  private static List<Path> torrentFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("torrents directory not found: " + dir);
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".torrent"))
          .filter(Files::isRegularFile).sorted().toList();
    }
  }

  public List<TorrentSummary> summaries() {
    return summaries;
  }

  /** Counters of one torrent for the metrics: pieces served to peers, corrupt pieces found. */
  public record TorrentCounters(String file, String infoHash, long piecesServed,
      long corruptPieces) {}

  public List<TorrentCounters> counters() {
    List<TorrentCounters> out = new ArrayList<>(torrents.size());
    for (PreparedTorrent t : torrents) {
      out.add(new TorrentCounters(t.torrent().source().torrentFile().getFileName().toString(),
          t.torrent().infoHashHex(), t.guard().piecesServed(), t.guard().corruptPieces()));
    }
    return out;
  }

  /** Bt's numbers per torrent; empty while not seeding. */
  public List<BtSeeder.TorrentStats> stats() {
    SeededTorrents s = seeded;
    return s == null ? List.of() : s.stats();
  }

  /** Nodes in the DHT routing table; empty when the DHT is off. */
  public OptionalInt dhtNodes() {
    return seeder.dhtNodes();
  }

  /** Peer connections per torrent of the runtime (every release it seeds). */
  public List<BtSeeder.PeerCounts> peerCounts() {
    return seeder.peerCounts();
  }

  /** Bytes the start-up check read from the dataset (before any peer could be served). */
  public long startupBytesRead() {
    return checkBytesRead;
  }

  /** Bytes read from the dataset since start (hashing and serving). */
  public long datasetBytesRead() {
    return reader.bytesRead();
  }

  /** {@link System#nanoTime()} when the first piece of any torrent was first served, or 0. */
  public long firstServedNanos() {
    return torrents.stream().mapToLong(t -> t.guard().firstServedNanos()).filter(n -> n != 0)
        .min().orElse(0);
  }

  /** Pieces found corrupt when first served, over all torrents. */
  public long corruptPieces() {
    return torrents.stream().mapToLong(t -> t.guard().corruptPieces()).sum();
  }

  /** Starts seeding the checked torrents on the runtime; returns when all are registered. */
  public synchronized void begin() {
    if (seeded == null) {
      seeded = seeder.seed(reader, torrents);
    }
  }

  /**
   * Stops seeding this release's torrents (each announces "stopped", waiting at most
   * {@code timeout}) and saves the stamps that corrupt pieces changed; the dataset files stay open
   * so {@link #begin} can seed them again.
   */
  public synchronized void end(Duration timeout) {
    SeededTorrents s = seeded;
    seeded = null;
    if (s != null) {
      s.stop(timeout);
    }
    for (PreparedTorrent t : torrents) {
      if (t.guard().stampsChanged()) {
        try {
          synchronized (t.guard().stamps()) {
            t.guard().stamps().save(options.stateDir(), t.torrent());
          }
        } catch (IOException e) {
          LOG.warn("could not save state for {}: {}", t.torrent(), e.getMessage());
        }
      }
    }
  }

  /**
   * Stops seeding ({@link #end}), closes the dataset files, and shuts down the runtime when it is
   * this service's own.
   */
  public void stop(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    end(timeout);
    try {
      reader.close();
    } catch (IOException e) {
      LOG.debug("closing dataset files", e);
    }
    if (ownsSeeder) {
      seeder.stop(Duration.ofNanos(Math.max(1_000_000_000L, deadline - System.nanoTime())));
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(3));
  }
}
