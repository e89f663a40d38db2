package dev.sower.rsync.daemon;

import dev.sower.rsync.filter.ClientFilter;
import dev.sower.rsync.filter.ParsedRule;
import dev.sower.rsync.flist.EncodedList;
import dev.sower.rsync.flist.FileEntry;
import dev.sower.rsync.flist.FileListBuilder;
import dev.sower.rsync.flist.IdNames;
import dev.sower.rsync.flist.ListDiagnostics;
import dev.sower.rsync.flist.ListFormat;
import dev.sower.rsync.flist.ListRequest;
import dev.sower.rsync.flist.PathSanitizer;
import dev.sower.rsync.flist.SourceArgs;
import dev.sower.rsync.flist.WholeFileSums;
import dev.sower.rsync.options.ServerOptions;
import dev.sower.rsync.wire.MessageTag;
import dev.sower.rsync.wire.MuxFrameEncoder;
import dev.sower.rsync.wire.WireBuffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Builds file lists on the worker pool (never on a network thread) and keeps the encoded
 * result of cacheable requests in a {@link ListingCache}.
 */
final class ListingService {
  /** A list ready to send: messages first (INFO / ERROR_XFER frames), then the list. */
  record Built(EncodedList list, byte[] messages, byte[] trailer, long buildMillis,
      boolean fromCache) {}

  /** Messages kept per listing (a list of a million missing names must not fill memory). */
  static final int MAX_MESSAGES = 10_000;
  /** Worker tasks hashing beside the building thread for {@code -c}: the other cores. */
  static final int CHECKSUM_HELPERS = Math.max(0,
      Runtime.getRuntime().availableProcessors() - 1);

  private final Executor workers;
  private final Executor namesWorkers;
  private final ListingCache cache;

  ListingService(Executor workers, Executor namesWorkers, ListingCache cache) {
    this.workers = workers;
    this.namesWorkers = namesWorkers;
    this.cache = cache;
  }

  ListingCache cache() {
    return cache;
  }

  static ListFormat format(ServerOptions o, int protocol) {
    return new ListFormat(o.owner(), o.group(), o.links(), o.devices(), o.checksum(),
        protocol >= 31, o.hardLinks(), o.atimes());
  }

  CompletableFuture<Built> build(ModuleRuntime m, ServerOptions o, ClientFilter clientRules,
      List<ParsedRule> ruleTexts, int protocol, NameQueue filesFrom) {
    CompletableFuture<Built> f = new CompletableFuture<>();
    (filesFrom == null ? workers : namesWorkers).execute(() -> {
      try {
        f.complete(buildNow(m, o, clientRules, ruleTexts, protocol, filesFrom));
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    });
    return f;
  }

  private Built buildNow(ModuleRuntime m, ServerOptions o, ClientFilter clientRules,
      List<ParsedRule> ruleTexts, int protocol, NameQueue filesFrom)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    ListFormat format = format(o, protocol);
    // merge files can change without their directory's mtime changing: not cached
    String key = filesFrom == null && !clientRules.hasMergeRules()
        ? ListingCache.key(m.config().name(), o, format, ruleTexts) : null;
    if (key != null) {
      Optional<EncodedList> hit = cache.get(key, m.root());
      if (hit.isPresent()) {
        return new Built(hit.get(), new byte[0], new byte[0], millisSince(start), true);
      }
    }
    WireBuffer messages = new WireBuffer();
    ListDiagnostics diag = new ListDiagnostics() {
      private int count;

      private void add(MessageTag tag, String text) {
        if (++count <= MAX_MESSAGES) {
          MuxFrameEncoder.text(messages, tag, text);
        } else if (count == MAX_MESSAGES + 1) {
          MuxFrameEncoder.text(messages, MessageTag.ERROR_XFER, "rsync: [sender] more than "
              + MAX_MESSAGES + " messages; the rest are not shown\n");
        }
      }

      @Override
      public void transferError(String text) {
        add(MessageTag.ERROR_XFER, text);
      }

      @Override
      public void info(String text) {
        add(MessageTag.INFO, text);
      }
    };
    ListRequest req = new ListRequest(m.config().name(), o.recurse(), o.xferDirs(),
        o.relative(), format, clientRules, m.excludes());
    FileListBuilder builder = new FileListBuilder(m.root(), req, diag);
    SourceArgs sources = new SourceArgs(m.root(), m.config().name(), m.excludes());
    List<byte[]> args = new ArrayList<>();
    for (byte[] raw : o.paths()) {
      args.addAll(sources.expand(raw));
    }
    if (filesFrom == null) {
      if (args.isEmpty() && (o.recurse() || o.xferDirs() || o.listOnly())) {
        args.add(new byte[] {'.'});
      }
      for (byte[] a : args) {
        builder.addArgument(a);
      }
    } else {
      byte[] base = args.isEmpty() ? new byte[0] : PathSanitizer.sanitize(args.get(0), false);
      while (true) {
        Optional<byte[]> name = filesFrom.take();
        if (name.isEmpty()) {
          break;
        }
        builder.addArgument(base, name.get());
      }
    }
    List<FileEntry> entries = builder.finish();
    if (o.checksum()) {
      entries = WholeFileSums.fill(m.root(), entries, workers, CHECKSUM_HELPERS);
    }
    boolean safeEnd = protocol >= 31 || o.clientInfo().indexOf('f') >= 0;
    EncodedList list = EncodedList.encode(entries, format, o.numericIds(), builder.ioError(),
        safeEnd, IdNames.system());
    byte[] trailer = new byte[0];
    if (!safeEnd && builder.ioError() != 0) {
      WireBuffer t = new WireBuffer();
      MuxFrameEncoder.int32(t, MessageTag.IO_ERROR, builder.ioError());
      trailer = t.toByteArray();
    }
    if (key != null && messages.size() == 0 && builder.ioError() == 0) {
      cache.put(key, list, m.root());
    }
    return new Built(list, messages.toByteArray(), trailer, millisSince(start), false);
  }

  private static long millisSince(long start) {
    return Math.max(1, (System.nanoTime() - start) / 1_000_000);
  }
}
