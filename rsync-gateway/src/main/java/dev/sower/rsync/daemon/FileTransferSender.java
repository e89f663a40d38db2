package dev.sower.rsync.daemon;

import dev.sower.dataset.RawPaths;
import dev.sower.rsync.flist.FileEntry;
import dev.sower.rsync.flist.ModuleFileOpener;
import dev.sower.rsync.flist.ModuleRoot;
import dev.sower.rsync.options.TransferChoices;
import dev.sower.rsync.transfer.AppendMode;
import dev.sower.rsync.transfer.BandwidthLimiter;
import dev.sower.rsync.transfer.ChunkedSink;
import dev.sower.rsync.transfer.Compression;
import dev.sower.rsync.transfer.FileRequest;
import dev.sower.rsync.transfer.FileSendResult;
import dev.sower.rsync.transfer.FileSender;
import dev.sower.rsync.transfer.FileWindow;
import dev.sower.rsync.transfer.IoErrorFlag;
import dev.sower.rsync.transfer.LookAheadCompressor;
import dev.sower.rsync.transfer.OpenFailure;
import dev.sower.rsync.transfer.SeedOrder;
import dev.sower.rsync.transfer.SmallFileSizing;
import dev.sower.rsync.transfer.ThrottledSink;
import dev.sower.rsync.transfer.TransferSettings;
import dev.sower.rsync.transfer.TransferSink;
import dev.sower.rsync.wire.MessageTag;
import dev.sower.rsync.wire.NdxCodec;
import dev.sower.rsync.wire.ProtocolException;
import dev.sower.rsync.wire.WireBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender phase that serves file data (sender.c {@code send_files}, then main.c
 * {@code handle_stats} and {@code read_final_goodbye}). Requests are decoded on the network
 * thread by {@link SendRequestReader} and carried out in order on a sending thread, where
 * {@link FileSender} reads, matches and compresses; output goes through a {@link ChunkedSink}
 * whose buffers come back only once written, so a slow client stalls the sending thread, and
 * a full {@link StepQueue} stops the session reading. Memory per session: the queue's bounds,
 * one file's block sums, the sink's chunks and the sender's window; under {@code -z} also the
 * {@link LookAhead}'s bounded results (new files compressed ahead on two threads).
 */
public final class FileTransferSender implements SenderPhase {
  private static final Logger LOG = LoggerFactory.getLogger(FileTransferSender.class);
  /** Bytes per data chunk (one MSG_DATA frame, one socket write). */
  public static final int CHUNK_BYTES = 256 * 1024;
  static final int CHUNKS = 4;
  static final int MAX_QUEUED_STEPS = 1024;
  static final long MAX_QUEUED_SUM_BYTES = 8L << 20;
  /** Files compressed ahead at a time, and the output each may take (4 MiB per session). */
  static final int LOOK_AHEAD_FILES = 4;
  static final int LOOK_AHEAD_OUTPUT = 1 << 20;
  /** Threads compressing ahead per -z session. */
  static final int LOOK_AHEAD_THREADS = 2;
  /** Listed sizes above this are sent inline: their output would rarely fit the bound. */
  static final long LOOK_AHEAD_MAX_SIZE = 8L << 20;

  private final SenderContext ctx;
  private final SendRequestReader reader;
  private final StepQueue queue;
  private final ChunkedSink chunks;
  private final DeferredFlushSink out;
  private final FileSender files;
  private final TransferChoices choices;
  private final String moduleName;
  private final NdxCodec ndxOut = new NdxCodec();
  private final java.util.function.IntFunction<FileEntry> entries;
  /** Opens the files in list order through held directory handles (sending thread only). */
  private final ModuleFileOpener opener;
  /** Compresses queued new files ahead under -z; null without -z. */
  private final LookAhead lookAhead;
  private int ioError;
  private volatile boolean stopped;
  private long literal;
  private long matched;

  /** Creates the phase, or ends the session when the options cannot be honoured. */
  public static SenderPhase create(SenderContext ctx) {
    try {
      return new FileTransferSender(ctx, TransferChoices.of(ctx.options()));
    } catch (dev.sower.rsync.options.OptionException e) {
      ctx.fail("rsync: " + e.getMessage() + "\n", e.exitCode());
      return data -> data.position(data.limit());
    }
  }

  private FileTransferSender(SenderContext ctx, TransferChoices choices) {
    this.ctx = ctx;
    this.choices = choices;
    this.moduleName = ctx.moduleName();
    this.entries = ctx.list().files().cursor();
    this.opener = new ModuleFileOpener(ctx.root());
    this.reader = new SendRequestReader(ctx.list().files().size(), ctx.protocol(), choices);
    this.chunks = new ChunkedSink(CHUNK_BYTES, CHUNKS, 4, this::sendChunk);
    this.out = new DeferredFlushSink(chunks);
    TransferSink fileSink = choices.bwlimitKib() > 0
        ? new ThrottledSink(out, new BandwidthLimiter(choices.bwlimitKib())) : out;
    boolean seedFix = (CompatFlag.forClientInfo(ctx.options().clientInfo())
        & CompatFlag.CHKSUM_SEED_FIX.bit()) != 0;
    TransferSettings settings = new TransferSettings(ctx.protocol(), ctx.checksumSeed(),
        SeedOrder.forSeedFix(seedFix), choices.compression(), choices.level(),
        FileWindow.DEFAULT_CAPACITY);
    // sizing a small file by one read only where a short read means the end of the file
    this.files = new FileSender(settings, fileSink, ctx.root().onLocalFileSystems()
        ? SmallFileSizing.ONE_READ : SmallFileSizing.FSTAT);
    this.lookAhead = choices.compression() == Compression.NONE ? null
        : new LookAhead(ctx::root, new AheadPlanner(ctx.list().files().cursor()),
            java.util.stream.Stream
                .generate(() -> new LookAheadCompressor(settings, LOOK_AHEAD_OUTPUT))
                .limit(LOOK_AHEAD_THREADS).toList(), LOOK_AHEAD_FILES);
    this.queue = new StepQueue(ctx.senders(), this::run, ctx::pumpInput, MAX_QUEUED_STEPS,
        MAX_QUEUED_SUM_BYTES);
  }

  @Override
  public void onData(ByteBuffer data) throws ProtocolException {
    if (stopped) {
      data.position(data.limit());
      return;
    }
    reader.read(data, queue::full, queue::add);
    if (queue.holdingBack()) {
      ctx.suspendInput();
    }
  }

  @Override
  public boolean holdsInput() {
    return queue.holdingBack();
  }

  @Override
  public void onClosed() {
    stopped = true;
    queue.close();
    if (lookAhead != null) {
      lookAhead.close();
    }
    chunks.fail(new IOException("the connection closed"));
    opener.close();
  }

  private void sendChunk(ChunkedSink.Chunk chunk) {
    ctx.sendChunk(chunk.buffer(), chunk.length(), () -> {
      try {
        chunks.recycle(chunk);
      } catch (IllegalArgumentException e) {
        // after fail() the pool may be full: the buffer is dropped with the session
        if (!stopped) {
          throw e;
        }
      }
    });
  }

  // ---- the sending thread ----

  private void run(SendStep step, boolean moreQueued) {
    if (stopped) {
      return;
    }
    try {
      if (step instanceof SendStep.Echo e) {
        writeAttrs(e.attrs());
      } else if (step instanceof SendStep.Transfer t) {
        transfer(t);
      } else if (step instanceof SendStep.PhaseDone || step instanceof SendStep.GoodbyeEcho) {
        writeNdx(NdxCodec.NDX_DONE);
      } else if (step instanceof SendStep.EndOfFiles) {
        endOfFiles();
      } else if (step instanceof SendStep.DelStats d) {
        WireBuffer w = new WireBuffer(24);
        ndxOut.write(w, NdxCodec.NDX_DEL_STATS);
        for (int v : d.values()) {
          w.putVarint(v);
        }
        write(w);
      } else if (step instanceof SendStep.Finish) {
        out.flushNow();
        stop();
        ctx.finish();
        return;
      }
      if (!moreQueued) {
        out.flushNow();
      }
    } catch (IOException e) {
      // the sink failed: the connection is gone (its close already ended the session)
      LOG.debug("sending stopped: {}", e.getMessage());
      stop();
    } catch (RuntimeException e) {
      LOG.warn("sending to the client failed", e);
      ctx.events().error(SessionListener.ErrorKind.INTERNAL);
      stop();
      ctx.fail("rsync: [sender] internal error: " + e + "\n", 12);
    }
  }

  private void stop() {
    stopped = true;
    queue.close();
    files.close();
    opener.close();
    if (lookAhead != null) {
      lookAhead.close();
    }
  }

  /** Which queued requests the look-ahead may make: new files, no sums, no append. */
  private final class AheadPlanner implements LookAhead.Planner {
    private final java.util.function.IntFunction<FileEntry> cursor;

    AheadPlanner(java.util.function.IntFunction<FileEntry> cursor) {
      this.cursor = cursor;
    }

    @Override
    public byte[] eligiblePath(SendStep.Transfer t) {
      if (t.append() != AppendMode.OFF || t.sums() == null || t.head().count() != 0) {
        return null;
      }
      FileEntry e = cursor.apply(t.attrs().ndx());
      return e.isRegular() && e.size() <= LOOK_AHEAD_MAX_SIZE ? pathInModule(e) : null;
    }

    @Override
    public boolean lowCompression(SendStep.Transfer t) {
      return choices.skipCompress().matches(cursor.apply(t.attrs().ndx()).name());
    }
  }

  private void transfer(SendStep.Transfer t) throws IOException {
    SendStep.Attrs a = t.attrs();
    FileEntry entry = entries.apply(a.ndx());
    LookAhead.Prepared ahead = null;
    if (lookAhead != null) {
      ahead = lookAhead.take(t);
      lookAhead.plan(queue.upcoming(lookAhead.window()));
    }
    ModuleRoot root = ahead == null ? null : ctx.root();
    if (stopped || ahead != null && root == null) {
      throw new IOException("the session has ended");
    }
    FileChannel channel;
    Path path = null;
    try {
      byte[] rel = pathInModule(entry);
      if (ahead != null) {
        // by path, as the look-ahead read it and as stillValid checks it
        path = root.resolve(rel);
        channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
      } else {
        channel = opener.open(rel);
      }
    } catch (ModuleFileOpener.ClosedException e) {
      throw e;
    } catch (IOException e) {
      OpenFailure f = OpenFailure.of(e, fullName(entry));
      ioError |= f.flag().bit();
      ctx.events().error(f.flag() == IoErrorFlag.VANISHED
          ? SessionListener.ErrorKind.VANISHED : SessionListener.ErrorKind.IO);
      message(f.warning() ? MessageTag.WARNING : MessageTag.ERROR_XFER, f.message());
      ctx.sendInt(MessageTag.NO_SEND, a.ndx());
      return;
    }
    try (channel) {
      // rsync's fstat; a plain new file may instead be sized by reading it (FileSender.sendOpened,
      // on local file systems)
      long length = t.append() != AppendMode.OFF || ahead != null ? channel.size() : -1;
      if (t.append() != AppendMode.OFF && length < entry.size()) {
        message(MessageTag.WARNING, "skipped diminished file: " + fullName(entry) + "\n");
        ctx.sendInt(MessageTag.NO_SEND, a.ndx());
        return;
      }
      writeAttrs(a);
      boolean updatingBasis = choices.inplace()
          && a.basisOrDefault() == SendStep.Attrs.FNAMECMP_FNAME;
      FileRequest request = new FileRequest(updatingBasis, t.append(),
          choices.compression() != Compression.NONE && choices.skipCompress().matches(entry.name()));
      FileSendResult r = ahead != null && ahead.stillValid(root, path, length)
          ? files.sendPrecompressed(t.head(), ahead.file())
          : length >= 0 ? files.sendFromOpened(channel, length, t.head(), t.sums(), request)
          : files.sendOpened(channel, entry.size(), t.head(), t.sums(), request);
      literal += r.literalBytes();
      matched += r.matchedBytes();
      if (!r.complete()) {
        ioError |= IoErrorFlag.GENERAL.bit();
        ctx.events().error(SessionListener.ErrorKind.IO);
        message(MessageTag.ERROR_XFER, r.readErrorMessage(fullName(entry)));
      } else {
        ctx.events().fileSent();
      }
    }
  }

  private void endOfFiles() throws IOException {
    if (ioError != 0) {
      out.flushNow();
      ctx.sendInt(MessageTag.IO_ERROR, ioError);
    }
    writeNdx(NdxCodec.NDX_DONE);
    out.flushNow();
    WireBuffer w = new WireBuffer(48);
    SendStats.put(w, ctx);
    write(w);
    ctx.completed(ioError);
    // in their own frame at once: the client's goodbye may already be queued behind them, and
    // the bytes that follow the statistics then never depend on that timing
    out.flushNow();
    LOG.atLevel(ctx.sessionLogLevel()).log("sent {} literal and {} matched bytes in module {}",
        literal, matched, moduleName);
  }

  private void message(MessageTag tag, String text) throws IOException {
    out.flushNow();
    ctx.sendMessage(tag, text);
  }

  private void writeNdx(int ndx) throws IOException {
    WireBuffer w = new WireBuffer(8);
    ndxOut.write(w, ndx);
    write(w);
  }

  /** rsync's {@code write_ndx_and_attrs}: index, item flags, basis type, alternate name. */
  private void writeAttrs(SendStep.Attrs a) throws IOException {
    WireBuffer w = new WireBuffer(16);
    a.writeTo(w, ndxOut);
    write(w);
  }

  private void write(WireBuffer w) throws IOException {
    out.write(w.array(), 0, w.size());
  }

  private static byte[] pathInModule(FileEntry e) {
    byte[] root = e.rootInModule();
    if (root.length == 0) {
      return e.name();
    }
    byte[] p = new byte[root.length + 1 + e.name().length];
    System.arraycopy(root, 0, p, 0, root.length);
    p[root.length] = '/';
    System.arraycopy(e.name(), 0, p, root.length + 1, e.name().length);
    return p;
  }

  /** util1.c {@code full_fname}: {@code "/dir/name" (in module)}, the dir being the root's. */
  private String fullName(FileEntry e) {
    String root = RawPaths.printable(e.rootInModule());
    String name = RawPaths.printable(e.name());
    String shown = root.isEmpty() ? name : "/" + root + "/" + name;
    return "\"" + shown + "\" (in " + moduleName + ")";
  }
}
