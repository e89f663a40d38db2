package dev.sower.torrent;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Options of one {@code sower make}.
 *
 * @param dataset dataset directory
 * @param out output directory, replaced atomically
 * @param previous output directory of the previous release, or null
 * @param torrentsPerTree bucket ranges per image tree (1-1000)
 * @param pieceLength fixed piece length in bytes, or 0 for {@code auto}
 * @param announce tracker URLs
 * @param webSeeds BEP 19 web seed base URLs
 * @param name top-level directory name of every torrent, or null for the dataset directory's name
 * @param creationDate {@code creation date} to write, seconds since the epoch; empty for none
 * @param threads hashing threads
 */
public record MakeOptions(Path dataset, Path out, Path previous, int torrentsPerTree,
    long pieceLength, List<String> announce, List<String> webSeeds, String name,
    OptionalLong creationDate, int threads) {
  /** Default bucket ranges per image tree. */
  public static final int DEFAULT_TORRENTS = 10;

  public MakeOptions {
    announce = List.copyOf(announce);
    webSeeds = List.copyOf(webSeeds);
  }

  /** Defaults for everything but the two directories. */
  public static MakeOptions of(Path dataset, Path out) {
    return new MakeOptions(dataset, out, null, DEFAULT_TORRENTS, 0, List.of(), List.of(), null,
        OptionalLong.empty(), Runtime.getRuntime().availableProcessors());
  }

  public MakeOptions withPrevious(Path p) {
    return new MakeOptions(dataset, out, p, torrentsPerTree, pieceLength, announce, webSeeds, name,
        creationDate, threads);
  }

  public MakeOptions withTorrents(int n) {
    return new MakeOptions(dataset, out, previous, n, pieceLength, announce, webSeeds, name,
        creationDate, threads);
  }

  public MakeOptions withPieceLength(long p) {
    return new MakeOptions(dataset, out, previous, torrentsPerTree, p, announce, webSeeds, name,
        creationDate, threads);
  }

  public MakeOptions withOut(Path o) {
    return new MakeOptions(dataset, o, previous, torrentsPerTree, pieceLength, announce, webSeeds,
        name, creationDate, threads);
  }
}
