package dev.sower.server;

import dev.sower.server.bt.AnnounceListener;
import dev.sower.server.bt.BtSeeder;
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
 * in the state directory for the next start.
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
      int maxPeerConnections, int maxPeerConnectionsPerTorrent) {
    public Options {
      announceUrls = List.copyOf(announceUrls);
    }

    public static Options defaults(Path datasetDir, Path torrentsDir, Path stateDir,
        InetAddress bindAddress, int btPort) {
      return new Options(datasetDir, torrentsDir, stateDir, bindAddress, btPort, List.of(), 256,
          Math.max(2, Runtime.getRuntime().availableProcessors()), 500, 200);
    }

    public Options withAnnounceUrls(List<String> urls) {
      return new Options(datasetDir, torrentsDir, stateDir, bindAddress, btPort, urls,
          maxOpenFiles, checkThreads, maxPeerConnections, maxPeerConnectionsPerTorrent);
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
  private final long checkBytesRead;

  private SeedingService(Options options, DatasetReader reader, List<PreparedTorrent> torrents,
      List<TorrentSummary> summaries, BtSeeder seeder, long checkBytesRead) {
    this.checkBytesRead = checkBytesRead;
    this.options = options;
    this.reader = reader;
    this.torrents = torrents;
    this.summaries = summaries;
    this.seeder = seeder;
  }

  /** Loads, checks and starts seeding every torrent; throws (having started nothing) on error. */
  public static SeedingService start(Options options) throws IOException {
    return start(options, AnnounceListener.NONE);
  }

  /** As {@link #start(Options)}, reporting every announce to a tracker to {@code announces}. */
  public static SeedingService start(Options options, AnnounceListener announces)
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
      long checkBytes = reader.bytesRead();
      BtSeeder seeder = BtSeeder.start(new BtSeeder.Settings(options.bindAddress(),
          options.btPort(), options.announceUrls(), options.maxPeerConnections(),
          options.maxPeerConnectionsPerTorrent()), reader, prepared, announces);
      return new SeedingService(options, reader, prepared, summaries, seeder, checkBytes);
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

  public List<BtSeeder.TorrentStats> stats() {
    return seeder.stats();
  }

  public List<BtSeeder.PeerCounts> peerCounts() {
    return seeder.peerCounts();
  }

  /** DHT routing table size, empty when DHT is off. */
  public OptionalInt dhtNodes() {
    return seeder.dhtNodes();
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

  /**
   * Stops seeding: torrents announce "stopped" (waiting at most {@code timeout}), stamps changed
   * by corrupt pieces are saved, files are closed.
   */
  public void stop(Duration timeout) {
    seeder.stop(timeout);
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
    try {
      reader.close();
    } catch (IOException e) {
      LOG.debug("closing dataset files", e);
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(3));
  }
}
