package dev.sower.cli;

import dev.sower.select.IdRange;
import dev.sower.select.MatchListener;
import dev.sower.select.MetadataSource;
import dev.sower.select.OutputClosedException;
import dev.sower.select.OutputFormat;
import dev.sower.select.Query;
import dev.sower.select.Rating;
import dev.sower.select.SelectException;
import dev.sower.select.SelectOptions;
import dev.sower.select.SelectionSummary;
import dev.sower.select.Selector;
import dev.sower.select.Timestamps;
import dev.sower.select.TorrentSelection;
import dev.sower.select.Tree;
import dev.sower.select.XzDecoder;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sower select}: queries the metadata and prints a file list. */
@Command(name = "select", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Query the metadata and print a file list for rsync --files-from or torrent file selection.",
      "Streams the metadata (metadata.json.tar.xz, a directory of JSON-lines files, or - for"
          + " stdin) in constant memory. Deleted images are left out unless --include-deleted.",
      "Entries go to standard output, the summary and problems to standard error."
    },
    footer = {"", "Example:",
      "  sower select --metadata metadata/metadata.json.tar.xz --tag 1girl --rating s \\",
      "    | rsync -a --files-from=- rsync://host/danbooru/ dest/"})
final class SelectCommand implements Callable<Integer> {
  /** Exit status when the output's reader went away: 128 + SIGPIPE, as for grep or seq. */
  static final int OUTPUT_CLOSED = 141;

  @Spec CommandSpec spec;

  @Option(names = "--metadata", required = true, paramLabel = "PATH",
      description = "metadata.json.tar.xz, a directory of JSON-lines files, or - for stdin.")
  String metadata;

  @Option(names = "--tag", paramLabel = "NAME", description = "Image has this tag (repeat: all of them).")
  List<String> tags = new ArrayList<>();

  @Option(names = "--any-tag", paramLabel = "NAME", description = "Image has at least one of these tags.")
  List<String> anyTags = new ArrayList<>();

  @Option(names = "--not-tag", paramLabel = "NAME", description = "Image has none of these tags.")
  List<String> notTags = new ArrayList<>();

  @Option(names = "--rating", paramLabel = "s|q|e", split = ",",
      description = "Rating is one of these (repeat or comma-separate).")
  List<String> ratings = new ArrayList<>();

  @Option(names = "--min-score", paramLabel = "N", description = "Score is at least N.")
  Long minScore;

  @Option(names = "--ext", paramLabel = "EXT", split = ",",
      description = "Original's extension is one of these (jpg, png, ...).")
  List<String> extensions = new ArrayList<>();

  @Option(names = "--id-range", paramLabel = "A-B", description = "ID between A and B inclusive (A- or -B: open).")
  String idRange;

  @Option(names = "--since", paramLabel = "DATE",
      description = "Uploaded on or after DATE (YYYY-MM-DD, or 'YYYY-MM-DD HH:MM:SS', UTC).")
  String since;

  @Option(names = "--until", paramLabel = "DATE",
      description = "Uploaded on or before DATE (a day counts whole).")
  String until;

  @Option(names = "--include-deleted", description = "Keep images marked deleted.")
  boolean includeDeleted;

  @Option(names = "--tree", paramLabel = "original|512px", defaultValue = "original",
      description = "Tree the paths name (default: ${DEFAULT-VALUE}); 512px keeps only safe,"
          + " not deleted images, always .jpg.")
  String tree;

  @Option(names = "--format", paramLabel = "paths|ids|jsonl", defaultValue = "paths",
      description = "Output: dataset-relative paths, IDs, or the matching metadata lines"
          + " (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--verify-root", paramLabel = "DIR",
      description = "Drop (and report) entries whose file does not exist under this dataset root.")
  Path verifyRoot;

  @Option(names = "--torrent-select", paramLabel = "TORRENT",
      description = "Instead of entries, print the indexes of TORRENT's files that hold the selected"
          + " images, for aria2c --select-file or transmission-remote -g.")
  Path torrent;

  @Option(names = "--torrent-client", paramLabel = "aria2c|transmission", defaultValue = "aria2c",
      description = "Index form for --torrent-select: aria2c counts from 1, transmission from 0"
          + " (default: ${DEFAULT-VALUE}).")
  String torrentClient;

  @Option(names = "--xz-decoder", paramLabel = "auto|java|native", defaultValue = "auto",
      description = "Decoder of an xz file: auto uses the native xz program (faster) when"
          + " installed, java the built-in decoder, native always xz (default: ${DEFAULT-VALUE}).")
  String xzDecoder;

  @Option(names = "--skip-bad", description = "Skip malformed lines (reported) instead of failing.")
  boolean skipBad;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Query query = query();
    if (verifyRoot != null && !Files.isDirectory(verifyRoot)) {
      throw usage("--verify-root " + verifyRoot + " is not a directory");
    }
    OutputFormat outputFormat;
    try {
      outputFormat = OutputFormat.parse(format);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    TorrentSelection.Client client;
    try {
      client = TorrentSelection.Client.parse(torrentClient);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    XzDecoder decoder;
    try {
      decoder = XzDecoder.parse(xzDecoder);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    SelectOptions options = new SelectOptions(outputFormat, skipBad, verifyRoot);
    List<MatchListener> listeners = new ArrayList<>();
    SelectionSummary summary;
    TorrentSelection torrentSelection = null;
    try {
      Writer entries = out;
      if (torrent != null) {
        torrentSelection = TorrentSelection.read(torrent);
        listeners.add(torrentSelection);
        entries = Writer.nullWriter();
      }
      summary = new Selector(query, options, entries, () -> outputClosed(out), err, listeners)
          .run(MetadataSource.of(metadata, System.in, decoder));
    } catch (OutputClosedException e) {
      // | head: stop quietly, with the status a shell shows for grep killed by SIGPIPE there.
      return OUTPUT_CLOSED;
    } catch (SelectException e) {
      out.flush();
      throw new CommandFailedException(ExitCode.FAILURE, "sower select: " + e.getMessage(), e);
    }
    for (String line : summary.describe(query, verifyRoot)) {
      err.println("sower select: " + line);
    }
    if (torrentSelection != null) {
      return printTorrentSelection(torrentSelection, client, out, err);
    }
    err.flush();
    return ExitCode.OK.code();
  }

  /**
   * Whether the reader of standard output went away. A PrintWriter never throws, and over
   * {@code System.out} (a PrintStream, which swallows EPIPE too) it never sees the error either:
   * flush both and ask both.
   */
  private static boolean outputClosed(PrintWriter out) {
    return out.checkError() || System.out.checkError();
  }

  private static int printTorrentSelection(TorrentSelection t, TorrentSelection.Client client,
      PrintWriter out, PrintWriter err) {
    err.printf("sower select: %d of the %d files of %s selected; %d selected images are not in it%n",
        t.selectedFiles(), t.files(), t.name(), t.notInTorrent());
    err.flush();
    if (t.selectedFiles() == 0) {
      // An empty --select-file would make aria2c fetch everything: refuse instead.
      throw new CommandFailedException(ExitCode.FAILURE,
          "sower select: no file of " + t.name() + " holds a selected image; nothing to print");
    }
    out.println(t.indexes(client));
    out.flush();
    return ExitCode.OK.code();
  }

  private Query query() {
    try {
      Query.Builder b = Query.builder()
          .allTags(tags).anyTags(anyTags).notTags(notTags)
          .ratings(ratings.stream().map(Rating::parse).toList())
          .extensions(extensions)
          .includeDeleted(includeDeleted)
          .tree(Tree.parse(tree));
      if (minScore != null) {
        b.minScore(minScore);
      }
      if (idRange != null) {
        b.ids(IdRange.parse(idRange));
      }
      if (since != null) {
        b.since(Timestamps.sinceBound(since));
      }
      if (until != null) {
        b.until(Timestamps.untilBound(until));
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private static CommandFailedException usage(String message) {
    return new CommandFailedException(ExitCode.USAGE, "sower select: " + message);
  }
}
