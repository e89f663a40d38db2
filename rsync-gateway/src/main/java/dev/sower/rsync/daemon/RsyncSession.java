package dev.sower.rsync.daemon;

import dev.sower.rsync.filter.ClientFilter;
import dev.sower.rsync.filter.FilterRuleParser;
import dev.sower.rsync.filter.FilterSyntaxException;
import dev.sower.rsync.filter.ParsedRule;
import dev.sower.rsync.flist.EncodedList;
import dev.sower.rsync.options.ArgvParser;
import dev.sower.rsync.options.OptionException;
import dev.sower.rsync.options.ServerOptions;
import dev.sower.rsync.transfer.IoErrorFlag;
import dev.sower.rsync.wire.LineReader;
import dev.sower.rsync.wire.MessageTag;
import dev.sower.rsync.wire.MuxFrame;
import dev.sower.rsync.wire.MuxFrameDecoder;
import dev.sower.rsync.wire.MuxFrameEncoder;
import dev.sower.rsync.wire.ProtocolException;
import dev.sower.rsync.wire.WireBuffer;
import dev.sower.rsync.wire.WireReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, from the greeting to the goodbye (clientserver.c
 * {@code start_daemon}/{@code rsync_module}, then main.c {@code start_server} as sender).
 * Driven by the network adapter: {@link #start}, {@link #onInput} (never blocks),
 * {@link #onIdle}, {@link #onClosed}. Directory walks run on the worker pool; after the file
 * list the {@link SenderPhase} takes the client's requests.
 */
public final class RsyncSession {
  private static final Logger LOG = LoggerFactory.getLogger(RsyncSession.class);
  /** The protocol this daemon speaks (3.1.x dialect). */
  public static final int PROTOCOL = 31;
  /** Oldest protocol accepted (clients from rsync 3.0). */
  public static final int MIN_PROTOCOL = 30;
  private static final int MAX_RULE_BYTES = 4096;
  private static final int MAX_RULES = 10_000;
  private static final int MAX_NAME_BYTES = 4096;
  private static final int MAX_PENDING_DATA = 1 << 20;
  private static final int FILES_FROM_QUEUE = 4096;
  private static final SecureRandom SEEDS = new SecureRandom();

  private enum State { PROXY, GREETING, MODULE, ARGS, FILTERS, FILES_FROM, BUILDING, SENDING,
    CLOSED }

  private final RsyncDaemon daemon;
  private final SessionChannel ch;
  private final ConnectionReport report;
  private final LineReader lines;
  private final LineReader args;
  private State state;
  private InetSocketAddress client;
  private int protocol = PROTOCOL;
  private ModuleRuntime module;
  private final List<byte[]> argv = new ArrayList<>();
  private ServerOptions options;
  private MuxFrameDecoder frames;
  private ByteBuffer raw = ByteBuffer.allocate(0);
  private ByteBuffer data = ByteBuffer.allocate(0);
  private final List<ParsedRule> rules = new ArrayList<>();
  private NameQueue filesFrom;
  private boolean filesFromSuspended;
  private boolean muxOut;
  private int seed;
  private SenderPhase sender;
  private EncodedList list;
  private long bytesRead;
  private long bytesWritten;
  private long buildMillis;
  private long xferMillis;
  private final long startedNanos = System.nanoTime();

  RsyncSession(RsyncDaemon daemon, SessionChannel ch) {
    this.daemon = daemon;
    this.ch = ch;
    this.report = new ConnectionReport(daemon.listener());
    DaemonConfig c = daemon.config();
    this.lines = new LineReader((byte) '\n', c.maxLineBytes());
    this.args = new LineReader((byte) 0, c.maxLineBytes());
    this.client = ch.remoteAddress();
  }

  /** Called once the connection is open: greets the client (after a PROXY header if set). */
  public synchronized void start() {
    ch.setIdleTimeoutSeconds(daemon.config().handshakeTimeoutSeconds());
    if (daemon.config().proxyProtocol()) {
      state = State.PROXY;
    } else {
      greet();
    }
  }

  private void greet() {
    writeText("@RSYNCD: " + PROTOCOL + ".0\n");
    byte[] motd = daemon.config().motd();
    if (motd.length > 0) {
      write(motd, 0, motd.length);
      writeText("\n");
    }
    state = State.GREETING;
  }

  /** The idle timeout passed: a stalled client loses its slot. */
  public synchronized void onIdle() {
    if (state == State.CLOSED) {
      return;
    }
    LOG.info("rsync session from {} timed out in state {}", addr(), state);
    if (report.sessionStarted()) {
      report.error(SessionListener.ErrorKind.TIMEOUT);
      fail("rsync error: timeout in data send/receive (code 30)\n", 30);
    } else {
      report.refused(RsyncListener.Rejection.TIMEOUT);
      close(false);
    }
  }

  /** The connection is gone. */
  public synchronized void onClosed() {
    if (filesFrom != null) {
      filesFrom.abort();
    }
    if (sender != null) {
      sender.onClosed();
    }
    if (module != null) {
      module.release();
      module = null;
    }
    state = State.CLOSED;
    report.closed();
  }

  /** New bytes from the client; consumes all of {@code in}. */
  public synchronized void onInput(ByteBuffer in) {
    bytesRead += in.remaining();
    if (state.ordinal() < State.FILTERS.ordinal() && System.nanoTime() - startedNanos
        > daemon.config().handshakeTimeoutSeconds() * 1_000_000_000L) {
      LOG.info("rsync session from {} exceeded the handshake time in state {}", addr(), state);
      report.refused(RsyncListener.Rejection.TIMEOUT);
      in.position(in.limit());
      close(false);
      return;
    }
    try {
      process(in);
    } catch (ProtocolException e) {
      LOG.info("rsync session from {} refused: {}", addr(), e.getMessage());
      if (muxOut) {
        protocolFailure(e);
      } else {
        report.refused(RsyncListener.Rejection.PROTOCOL);
        close(false);
      }
    } catch (RuntimeException e) {
      LOG.warn("rsync session from {} failed", addr(), e);
      report.error(SessionListener.ErrorKind.INTERNAL);
      report.exited(12);   // the client sees its stream break: rsync's RERR_STREAMIO
      close(true);
    }
  }

  private String addr() {
    return client == null ? "?" : client.getAddress().getHostAddress();
  }

  private void process(ByteBuffer in) throws ProtocolException {
    while (state != State.CLOSED) {
      switch (state) {
        case PROXY -> {
          ByteBuffer stash = append(proxyStash, in, 8192);
          ProxyHeaderDecoder.Result r = new ProxyHeaderDecoder().decode(stash);
          if (r == null) {
            proxyStash = stash;
            return;
          }
          proxyStash = ByteBuffer.allocate(0);
          r.source().ifPresent(src -> client = src);
          greet();
          in = stash;
        }
        case GREETING -> {
          Optional<byte[]> line = lines.read(in);
          if (line.isEmpty()) {
            return;
          }
          onGreeting(new String(line.get(), StandardCharsets.ISO_8859_1));
        }
        case MODULE -> {
          Optional<byte[]> line = lines.read(in);
          if (line.isEmpty()) {
            return;
          }
          onModuleLine(new String(line.get(), StandardCharsets.UTF_8));
        }
        case ARGS -> {
          Optional<byte[]> arg = args.read(in);
          if (arg.isEmpty()) {
            return;
          }
          if (arg.get().length == 0) {
            onArgs();
          } else {
            if (argv.size() >= daemon.config().maxArgs()) {
              throw new ProtocolException("too many daemon arguments");
            }
            argv.add(arg.get());
          }
        }
        case FILTERS, FILES_FROM, BUILDING, SENDING -> {
          demux(in);
          return;
        }
        default -> {
          return;
        }
      }
    }
  }

  private ByteBuffer proxyStash = ByteBuffer.allocate(0);

  private void onGreeting(String line) {
    Greeting g = Greeting.parse(line, PROTOCOL, MIN_PROTOCOL);
    if (g instanceof Greeting.Refused r) {
      report.refused(RsyncListener.Rejection.PROTOCOL);
      writeText(r.errorLine());
      close(false);
      return;
    }
    protocol = ((Greeting.Accepted) g).protocol();
    state = State.MODULE;
  }

  private void onModuleLine(String name) {
    InetAddress a = client == null ? InetAddress.getLoopbackAddress() : client.getAddress();
    ModuleGate.Decision d = new ModuleGate(daemon).decide(name, a);
    if (d instanceof ModuleGate.Decision.Reply r) {
      LOG.info("{} from {}", r.log(), addr());
      r.refusal().ifPresent(report::refused);
      writeText(r.text());
      close(false);
      return;
    }
    module = ((ModuleGate.Decision.Open) d).module();
    writeText("@RSYNCD: OK\n");
    state = State.ARGS;
  }

  private void onArgs() {
    ArgvParser parser = new ArgvParser(module.refuse());
    try {
      options = parser.parse(argv);
    } catch (OptionException e) {
      report.refused(RsyncListener.Rejection.REFUSED_OPTION);
      startMultiplex(0);
      fail("rsync: " + e.getMessage() + "\n", e.exitCode());
      return;
    }
    startMultiplex(CompatFlagsFor(options));
    LOG.atLevel(daemon.config().sessionLogLevel()).log("rsync {} {} from {}",
        options.sender() ? "on" : "to", module.config().name(), addr());
    if (!options.sender()) {
      report.refused(RsyncListener.Rejection.REFUSED_OPTION);
      fail("ERROR: module is read only\n", ArgvParser.RERR_SYNTAX);
      return;
    }
    report.started(module.config().name());
    int timeout = module.config().timeoutSeconds();
    if (timeout > 0 && protocol >= 31) {
      WireBuffer w = new WireBuffer();
      MuxFrameEncoder.int32(w, MessageTag.IO_TIMEOUT, timeout);
      write(w);
    }
    frames = new MuxFrameDecoder(daemon.config().maxFrameBytes());
    state = State.FILTERS;
  }

  private static int CompatFlagsFor(ServerOptions o) {
    return CompatFlag.forClientInfo(o.clientInfo());
  }

  /** Compat flags (varint) and checksum seed go out unframed; then output is multiplexed. */
  private void startMultiplex(int compatFlags) {
    WireBuffer w = new WireBuffer();
    w.putVarint(compatFlags);
    // compat.c: a client's --checksum-seed=N (N != 0) is used as given
    seed = options != null && options.checksumSeed() != 0 ? options.checksumSeed()
        : SEEDS.nextInt() & 0x7FFFFFFF;
    w.putInt(seed);
    write(w);
    muxOut = true;
  }

  private void demux(ByteBuffer in) throws ProtocolException {
    raw = append(raw, in, daemon.config().maxFrameBytes() + 4 + in.remaining());
    while (state != State.CLOSED) {
      if (filesFromSuspended) {
        break;
      }
      if (state == State.FILES_FROM && protocol < 31) {
        // protocol 30 sends the --files-from names unframed (flist.c send_file_list)
        data = append(data, raw, Integer.MAX_VALUE);
        raw = ByteBuffer.allocate(0);
        consumeData();
        if (state == State.FILES_FROM) {
          break;
        }
        raw = data;
        data = ByteBuffer.allocate(0);
        continue;
      }
      Optional<MuxFrame> f = frames.decode(raw);
      if (f.isEmpty()) {
        break;
      }
      MuxFrame frame = f.get();
      switch (frame.tag()) {
        case DATA -> {
          if (data.remaining() + frame.payload().length > MAX_PENDING_DATA
              && state != State.FILES_FROM) {
            throw new ProtocolException("client sent more than " + MAX_PENDING_DATA
                + " bytes ahead of the protocol");
          }
          data = append(data, ByteBuffer.wrap(frame.payload()), Integer.MAX_VALUE);
          consumeData();
        }
        case ERROR_EXIT -> {
          close(false);
          return;
        }
        case NOOP, INFO, WARNING, ERROR, ERROR_XFER, LOG, CLIENT, IO_TIMEOUT -> {
          // informational messages from the client; nothing to do
        }
        default -> throw new ProtocolException("unexpected " + frame.tag() + " message");
      }
      if (filesFromSuspended || (sender != null && sender.holdsInput())) {
        break;
      }
    }
    raw.compact().flip();
  }

  private static ByteBuffer append(ByteBuffer buf, ByteBuffer in, int cap)
      throws ProtocolException {
    if (!in.hasRemaining()) {
      return buf;
    }
    if (buf.remaining() + (long) in.remaining() > cap) {
      throw new ProtocolException("input buffer limit exceeded");
    }
    ByteBuffer n = ByteBuffer.allocate(buf.remaining() + in.remaining());
    n.put(buf).put(in).flip();
    return n;
  }

  private void consumeData() throws ProtocolException {
    while (state != State.CLOSED) {
      switch (state) {
        case FILTERS -> {
          if (!readRule()) {
            return;
          }
        }
        case FILES_FROM -> {
          if (!readName()) {
            return;
          }
        }
        case SENDING -> {
          sender.onData(data);
          return;
        }
        default -> {
          return;
        }
      }
    }
  }

  /** One filter rule (int32 length + text); false when more data is needed. */
  private boolean readRule() throws ProtocolException {
    int mark = data.position();
    OptionalInt len = WireReader.int32(data);
    if (len.isEmpty()) {
      return false;
    }
    int n = len.getAsInt();
    if (n == 0) {
      onRulesDone();
      return true;
    }
    if (n < 0 || n >= MAX_RULE_BYTES) {
      throw new ProtocolException("filter rule of " + n + " bytes exceeds the limit");
    }
    if (data.remaining() < n) {
      data.position(mark);
      return false;
    }
    byte[] text = new byte[n];
    data.get(text);
    if (rules.size() >= MAX_RULES) {
      throw new ProtocolException("more than " + MAX_RULES + " filter rules");
    }
    try {
      rules.addAll(FilterRuleParser.parse(text, FilterRuleParser.Mode.CLIENT));
    } catch (FilterSyntaxException e) {
      fail("rsync: " + e.getMessage() + "\n", ArgvParser.RERR_SYNTAX);
    }
    return state != State.CLOSED;
  }

  private void onRulesDone() {
    ClientFilter clientRules;
    try {
      clientRules = ClientFilter.of(rules, options.cvsExclude());
    } catch (FilterSyntaxException e) {
      fail("rsync: [sender] " + e.getMessage() + "\n", ArgvParser.RERR_SYNTAX);
      return;
    }
    if (options.hasFilesFrom()) {
      filesFrom = new NameQueue(FILES_FROM_QUEUE, this::onFilesFromRoom);
      state = State.FILES_FROM;
      build(clientRules);
    } else {
      state = State.BUILDING;
      build(clientRules);
    }
  }

  private final NulNameReader names = new NulNameReader(MAX_NAME_BYTES);

  /** Feeds --files-from names to the builder; false when more data is needed or it is full. */
  private boolean readName() throws ProtocolException {
    while (data.hasRemaining()) {
      Optional<byte[]> name = names.peek(data);
      if (name.isEmpty()) {
        return false;
      }
      if (name.get().length == 0) {
        names.consume(data);
        filesFrom.end();
        state = State.BUILDING;
        return true;
      }
      if (!filesFrom.offer(name.get())) {
        // queue full: the name stays unread; stop reading until the builder drains
        filesFromSuspended = true;
        ch.suspendInput();
        return false;
      }
      names.consume(data);
    }
    return false;
  }

  private void onFilesFromRoom() {
    Executor w = daemon.workers();
    // resume on a worker thread; the session lock is taken there, not in the builder
    w.execute(() -> {
      synchronized (this) {
        if (!filesFromSuspended || state == State.CLOSED) {
          return;
        }
        filesFromSuspended = false;
        try {
          consumeData();
          if (!filesFromSuspended) {
            demux(ByteBuffer.allocate(0));
          }
        } catch (ProtocolException e) {
          protocolFailure(e);
          return;
        }
        if (!filesFromSuspended) {
          ch.resumeInput();
        }
      }
    });
  }

  private void build(ClientFilter clientRules) {
    long started = System.nanoTime();
    daemon.listings().build(module, options, clientRules, rules, protocol, filesFrom)
        .whenComplete((built, err) -> onBuilt(built, err, started));
  }

  private synchronized void onBuilt(ListingService.Built built, Throwable err, long started) {
    if (state == State.CLOSED) {
      return;
    }
    if (err != null) {
      LOG.warn("building the file list for {} failed", addr(), err);
      Throwable cause = err instanceof CompletionException && err.getCause() != null
          ? err.getCause() : err;
      report.error(cause instanceof IOException
          ? SessionListener.ErrorKind.IO : SessionListener.ErrorKind.INTERNAL);
      fail("rsync: [sender] building the file list failed: " + err.getMessage() + "\n", 11);
      return;
    }
    buildMillis = built.buildMillis();
    list = built.list();
    long t0 = System.nanoTime();
    if (built.messages().length > 0) {
      write(built.messages(), 0, built.messages().length);
    }
    byte[] rawList = list.raw();
    writeFramed(rawList);
    if (built.trailer().length > 0) {
      write(built.trailer(), 0, built.trailer().length);   // MSG_IO_ERROR for old clients
    }
    xferMillis = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
    report.fileListBuilt(System.nanoTime() - started, list.files().size());
    if (list.ioError() != 0) {
      report.error(SessionListener.ErrorKind.IO);   // names that could not be listed
    }
    LOG.atLevel(daemon.config().sessionLogLevel()).log(
        "sent file list of {} entries ({} bytes{}) to {} in {} ms", list.files().size(),
        rawList.length, built.fromCache() ? ", cached" : "", addr(),
        (System.nanoTime() - started) / 1_000_000);
    if (list.files().isEmpty()) {
      // flist.c: an empty list ends the sender (exit_cleanup(0)); the client decides the code
      report.exited(IoErrorFlag.exitCode(list.ioError(), false));
      close(false);
      return;
    }
    int timeout = module.config().timeoutSeconds();
    ch.setIdleTimeoutSeconds(timeout);
    sender = daemon.senderFactory().create(new SessionSenderContext(this));
    state = State.SENDING;
    try {
      sender.onData(data);
    } catch (ProtocolException e) {
      protocolFailure(e);
    }
  }

  /** Sends {@code data} as DATA frames without copying it (headers are separate writes). */
  private void writeFramed(byte[] data) {
    for (int off = 0; off < data.length; off += MuxFrameEncoder.MAX_DATA_CHUNK) {
      int n = Math.min(MuxFrameEncoder.MAX_DATA_CHUNK, data.length - off);
      WireBuffer h = new WireBuffer(4);
      h.putInt(((MessageTag.MPLEX_BASE + MessageTag.DATA.code()) << 24) | n);
      write(h);
      wrote(n);
      ch.send(data, off, n);
    }
  }

  private void write(WireBuffer w) {
    write(w.array(), 0, w.size());
  }

  private void write(byte[] b, int off, int len) {
    if (state == State.CLOSED || len == 0) {
      return;
    }
    byte[] copy = b;
    if (off != 0 || len != b.length) {
      copy = java.util.Arrays.copyOfRange(b, off, off + len);
    }
    wrote(len);
    ch.send(copy, 0, copy.length);
  }

  /** Counts bytes handed to the channel: rsync's "total written" and the listener's sent. */
  private void wrote(int n) {
    bytesWritten += n;
    report.written(n);
  }

  private void writeText(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    write(b, 0, b.length);
  }

  /** Ends the session with an error message and, at protocol 31, MSG_ERROR_EXIT. */
  private void fail(String text, int exitCode) {
    if (state == State.CLOSED) {
      return;
    }
    LOG.info("rsync session from {} ends with code {}: {}", addr(), exitCode, text.trim());
    report.exited(exitCode);
    WireBuffer w = new WireBuffer();
    MuxFrameEncoder.text(w, MessageTag.ERROR, text);
    if (protocol >= 31) {
      MuxFrameEncoder.int32(w, MessageTag.ERROR_EXIT, exitCode);
    }
    write(w);
    close(false);
  }

  private void protocolFailure(ProtocolException e) {
    report.error(SessionListener.ErrorKind.PROTOCOL);
    fail("rsync: [sender] protocol error: " + e.getMessage() + "\n", 2);
  }

  private void close(boolean now) {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    if (filesFrom != null) {
      filesFrom.abort();
    }
    if (sender != null) {
      sender.onClosed();
    }
    if (now) {
      ch.closeNow();
    } else {
      ch.closeAfterFlush();
    }
  }

  // ---- what SessionSenderContext reads and calls (package-private, under the lock) ----

  EncodedList list() {
    return list;
  }

  ModuleRuntime module() {
    return module;
  }

  ServerOptions options() {
    return options;
  }

  int protocol() {
    return protocol;
  }

  int seed() {
    return seed;
  }

  RsyncDaemon daemon() {
    return daemon;
  }

  SessionChannel channel() {
    return ch;
  }

  long bytesRead() {
    return bytesRead;
  }

  long bytesWritten() {
    return bytesWritten;
  }

  long buildMillis() {
    return buildMillis;
  }

  long xferMillis() {
    return xferMillis;
  }

  void sendFrames(WireBuffer frames) {
    write(frames);
  }

  /** One DATA frame, payload {@code chunk[4, length)}, header put in front: one write. */
  void sendDataChunk(ByteBuffer chunk, int length, Runnable written) {
    if (state == State.CLOSED) {
      written.run();
      return;
    }
    int header = ((MessageTag.MPLEX_BASE + MessageTag.DATA.code()) << 24) | (length - 4);
    chunk.putInt(0, Integer.reverseBytes(header));   // little-endian
    wrote(length);
    ch.send(chunk.slice(0, length), written);
  }

  /** The sender has room again: read on, starting with the input already buffered. */
  void pumpSender() {
    if (state != State.SENDING) {
      return;
    }
    try {
      consumeData();
      if (state == State.SENDING && !sender.holdsInput()) {
        demux(ByteBuffer.allocate(0));
      }
    } catch (ProtocolException e) {
      protocolFailure(e);
      return;
    }
    if (state == State.SENDING && !sender.holdsInput()) {
      ch.resumeInput();
    }
  }

  /** The statistics are out; the sender set the io_error bits {@code senderIoError}. */
  void completed(int senderIoError) {
    report.exited(IoErrorFlag.exitCode(list.ioError() | senderIoError, false));
  }

  void finishCleanly() {
    LOG.atLevel(daemon.config().sessionLogLevel()).log("rsync session from {} finished", addr());
    close(false);
  }

  /** The session's listener ({@link SessionListener#NONE} before the start and after the end). */
  SessionListener events() {
    return report.session();
  }

  void failWith(String text, int exitCode) {
    fail(text, exitCode);
  }
}
