package dev.sower.select;

import dev.sower.dataset.RawPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Runs a {@link Query} over a {@link MetadataSource}: parses each line, keeps the records the query
 * selects, optionally checks their files exist under a dataset root, and writes one entry per kept
 * record. Streams: memory does not grow with the input.
 */
public final class Selector {
  /** Bad lines and missing files are listed one by one up to this many, then only counted. */
  static final int LISTED = 20;
  /** The output is checked for a reader gone away every this many records (and at the end). */
  static final int CHECK_EVERY = 4096;

  private final Query query;
  private final SelectOptions options;
  private final Writer out;
  private final BooleanSupplier outputClosed;
  private final PrintWriter diagnostics;
  private final List<MatchListener> listeners;
  private final RecordFilter filter;
  private final RecordParser parser;
  private final boolean needsPath;

  /**
   * A selector writing entries to {@code out} and line-level problems (bad lines skipped, files
   * missing under the root) to {@code diagnostics}; {@code listeners} also hear of each kept image.
   */
  public Selector(Query query, SelectOptions options, Writer out, PrintWriter diagnostics,
      List<MatchListener> listeners) {
    this(query, options, out, () -> out instanceof PrintWriter pw && pw.checkError(), diagnostics,
        listeners);
  }

  /**
   * As above; {@code outputClosed} tells whether the reader of {@code out} went away (it may flush
   * {@code out} to find out). It is asked every {@value #CHECK_EVERY} records and at the end; when
   * it says yes the selection stops reading and throws {@link OutputClosedException}.
   */
  public Selector(Query query, SelectOptions options, Writer out, BooleanSupplier outputClosed,
      PrintWriter diagnostics, List<MatchListener> listeners) {
    this.outputClosed = outputClosed;
    this.query = query;
    this.options = options;
    this.out = out;
    this.diagnostics = diagnostics;
    this.listeners = List.copyOf(listeners);
    this.needsPath = options.format() == OutputFormat.PATHS || options.verifyRoot() != null
        || !listeners.isEmpty();
    boolean needsId = options.format() == OutputFormat.IDS || needsPath;
    Set<Field> needed = query.neededFields(needsId, needsPath);
    this.filter = new RecordFilter(query, needed);
    this.parser = new RecordParser(needed, query.mentionedTags());
  }

  /** Reads all of {@code source}; throws at the first bad line unless skipping them. */
  public SelectionSummary run(MetadataSource source) throws SelectException {
    Run run = new Run();
    Pipeline.run(source, run);
    try {
      out.flush();
    } catch (IOException e) {
      throw new SelectException("cannot write output: " + e.getMessage(), e);
    }
    if (outputClosed.getAsBoolean()) {
      throw new OutputClosedException();
    }
    return new SelectionSummary(run.records, run.bad, run.missing, run.firstMissing, run.matched,
        run.notInRoot, run.written);
  }

  /** The state of one pass. */
  private final class Run implements LineHandler {
    long records;
    long bad;
    long matched;
    long notInRoot;
    long written;
    final Map<Field, Long> missing = new EnumMap<>(Field.class);
    final Map<Field, String> firstMissing = new EnumMap<>(Field.class);

    @Override
    public void line(String source, long lineNo, byte[] buf, int off, int len) throws SelectException {
      if ((++records % CHECK_EVERY) == 0 && outputClosed.getAsBoolean()) {
        throw new OutputClosedException();
      }
      ParsedRecord r;
      try {
        r = parser.parse(buf, off, len);
      } catch (BadRecordException e) {
        String where = source + " line " + lineNo + ": " + e.getMessage();
        if (!options.skipBad()) {
          throw new SelectException(where + " (use --skip-bad to skip such lines)");
        }
        if (++bad <= LISTED) {
          diagnostics.println("skipped " + where);
        } else if (bad == LISTED + 1) {
          diagnostics.println("(further bad lines are only counted)");
        }
        return;
      }
      Field lacking = filter.missing(r);
      if (lacking != null) {
        missing.merge(lacking, 1L, Long::sum);
        firstMissing.putIfAbsent(lacking, source + " line " + lineNo);
        return;
      }
      if (!filter.matches(r)) {
        return;
      }
      matched++;
      String path = needsPath ? query.tree().path(r.id(), r.fileExt()) : null;
      if (options.verifyRoot() != null && !exists(options.verifyRoot(), path)) {
        if (++notInRoot <= LISTED) {
          diagnostics.println("not under " + RawPaths.printable(options.verifyRoot()) + ": " + path);
        } else if (notInRoot == LISTED + 1) {
          diagnostics.println("(further missing files are only counted)");
        }
        return;
      }
      write(r, path, buf, off, len);
      for (MatchListener l : listeners) {
        l.matched(r.id(), path);
      }
      written++;
    }

    private void write(ParsedRecord r, String path, byte[] buf, int off, int len) throws SelectException {
      try {
        switch (options.format()) {
          case PATHS -> out.write(path);
          case IDS -> out.write(Long.toString(r.id()));
          case JSONL -> out.write(new String(buf, off, len, StandardCharsets.UTF_8));
          default -> throw new IllegalStateException(options.format().name());
        }
        out.write('\n');
      } catch (IOException e) {
        throw new SelectException("cannot write output: " + e.getMessage(), e);
      }
    }
  }

  private static boolean exists(Path root, String relative) {
    return Files.isRegularFile(root.resolve(relative));
  }
}
