package dev.sower.torrent;

import java.nio.file.Path;

/** Runs one make in its own JVM, for tests that kill it part way. */
public final class MakeMain {
  private MakeMain() {}

  public static void main(String[] args) throws Exception {
    MakeOptions o = MakeOptions.of(Path.of(args[0]), Path.of(args[1]));
    o = new MakeOptions(o.dataset(), o.out(), null, o.torrentsPerTree(), o.pieceLength(),
        o.announce(), o.webSeeds(), "ds", o.creationDate(), 1);
    new TorrentMaker(line -> {
      System.out.println(line);
      System.out.flush();
    }, new Progress()).make(o);
  }
}
