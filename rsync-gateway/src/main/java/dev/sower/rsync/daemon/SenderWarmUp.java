package dev.sower.rsync.daemon;

import dev.sower.rsync.wire.MuxFrameEncoder;
import dev.sower.rsync.wire.WireBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Runs the sender's code before the first client comes, so that a freshly started daemon
 * serves its first gigabyte as fast as its hundredth: a new JVM interprets, then compiles, the
 * listing, matching, hashing, token, framing and socket code while it sends, and on a small
 * machine those seconds of compiler CPU are taken from the transfer.
 *
 * <p>A throwaway daemon with one module on a generated scratch tree ({@link WarmUpTree}, never
 * under a served module), behind its own listener on an ephemeral loopback port (the network
 * adapter starts it: {@link Listen}), serves a few rounds of sessions to a scripted client
 * ({@link WarmUpScript}: {@code -a} with new, small and updated files, {@code -az},
 * {@code -ac}) that talks over a real socket, as the stock client does. Each session must end
 * with exit code 0 and every requested file sent, or the warm-up fails (a bug to report, never
 * a reason not to serve). About 20 MB of scratch space, deleted afterwards (and trees a killed
 * JVM left, at the next start); the real daemon's modules, sessions and metrics are never
 * involved. It is not low-priority: its threads and the JIT compete with early clients for
 * about 10 s of CPU.
 */
public final class SenderWarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(SenderWarmUp.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Rounds of the three sessions: enough for the compiler to finish the hot methods. */
  public static final int DEFAULT_ROUNDS = 12;
  private static final Duration SESSION_DEADLINE = Duration.ofSeconds(60);
  /** How long the throwaway daemon's threads get to finish before its tree is deleted. */
  private static final Duration DAEMON_STOP = Duration.ofSeconds(2);
  /** Scratch trees older than this were left by a killed JVM (a warm-up takes seconds). */
  private static final Duration STALE_AFTER = Duration.ofHours(1);

  /**
   * What a warm-up did.
   *
   * @param stopped whether it was stopped before its last round
   */
  public record Report(int sessions, long filesSent, long bytesSent, Duration took,
      boolean stopped) {}

  /** A listener serving the warm-up's daemon, and how to stop it. */
  public record Endpoint(InetSocketAddress address, Runnable stop) {}

  /** Starts a listener for {@code daemon} on an ephemeral loopback port. */
  @FunctionalInterface
  public interface Listen {
    Endpoint start(RsyncDaemon daemon) throws IOException;
  }

  /** A warm-up running in the background. */
  public static final class Running {
    private final CompletableFuture<Report> done = new CompletableFuture<>();
    private final Control control = new Control();

    /**
     * Completes with the report, or fails when the scratch tree could not be written or a
     * session did not end as expected.
     */
    public CompletableFuture<Report> done() {
      return done;
    }

    /**
     * Stops the warm-up (its current session is cut off) and waits up to {@code wait} for it
     * to end and delete its scratch tree.
     */
    public void stop(Duration wait) throws InterruptedException {
      control.stop();
      try {
        done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // logged by the warm-up itself; a late one ends with the JVM (its thread is a daemon)
      }
    }
  }

  private SenderWarmUp() {}

  /** Starts the warm-up on a background daemon thread; it logs its outcome. */
  public static Running startInBackground(Path scratchParent, Listen listen) {
    Running running = new Running();
    Thread t = new Thread(() -> {
      try {
        Report r = run(scratchParent, DEFAULT_ROUNDS, listen, running.control);
        LOG.info("rsync sender warm-up {}: {} sessions, {} files, {} MB in {} ms",
            r.stopped() ? "stopped" : "done", r.sessions(), r.filesSent(), r.bytesSent() >> 20,
            r.took().toMillis());
        running.done.complete(r);
      } catch (ScratchUnavailable e) {
        LOG.warn("rsync sender warm-up skipped: {}", e.getMessage());
        running.done.completeExceptionally(e);
      } catch (Exception | Error e) {
        LOG.warn("rsync sender warm-up failed (serving is not affected)", e);
        running.done.completeExceptionally(e);
      }
    }, "rsync-warm-up");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
    return running;
  }

  /** The scratch tree could not be written: the warm-up does not run. */
  public static final class ScratchUnavailable extends IOException {
    private static final long serialVersionUID = 1L;

    ScratchUnavailable(Path parent, IOException cause) {
      super("cannot write its scratch tree under " + parent + ": " + cause, cause);
    }
  }

  /**
   * Runs {@code rounds} rounds of the three sessions in this thread.
   *
   * @throws ScratchUnavailable    the scratch tree could not be written
   * @throws IOException           the listener could not be started, or a session broke
   * @throws IllegalStateException a session did not end with every requested file sent
   */
  public static Report run(Path scratchParent, int rounds, Listen listen)
      throws IOException, InterruptedException {
    return run(scratchParent, rounds, listen, new Control());
  }

  /** How a running warm-up is stopped: no new session, and the current one's socket closed. */
  private static final class Control {
    private volatile boolean stopping;
    private volatile Socket socket;

    void stop() {
      stopping = true;
      closeQuietly(socket);
    }

    /** Makes {@code s} the current session's socket; false (and closes it) when stopping. */
    boolean attach(Socket s) {
      socket = s;
      if (stopping) {
        closeQuietly(s);
        return false;
      }
      return true;
    }

    private static void closeQuietly(Socket s) {
      if (s == null) {
        return;
      }
      try {
        s.close();
      } catch (IOException e) {
        // closing to stop: nothing more to do
      }
    }
  }

  private static Report run(Path scratchParent, int rounds, Listen listen, Control control)
      throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    WarmUpTree.deleteStale(scratchParent, Instant.now().minus(STALE_AFTER));
    WarmUpTree tree;
    try {
      tree = WarmUpTree.write(scratchParent);
    } catch (IOException e) {
      throw new ScratchUnavailable(scratchParent, e);
    }
    Probe probe = new Probe();
    RsyncDaemon daemon = null;
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rsync-warm-up-watchdog");
      t.setDaemon(true);
      return t;
    });
    try {
      // an unlisted module whose name no other local user can guess: their connections to the
      // warm-up's port are refused as an unknown module, and never start a session
      byte[] token = new byte[12];
      RANDOM.nextBytes(token);
      String module = "warm-up-" + HexFormat.of().formatHex(token);
      daemon = new RsyncDaemon(DaemonConfig.of(List.of(ModuleConfig.of(module, tree.root(), "")
          .withList(false))).withSessionLogLevel(Level.DEBUG), FileTransferSender::create,
          new ListingCache(0, 0, 0, 0, System::currentTimeMillis), probe);
      Endpoint endpoint = listen.start(daemon);
      try {
        return rounds(endpoint.address(), module, rounds, probe, tree, control, watchdog, t0);
      } finally {
        endpoint.stop().run();
      }
    } finally {
      watchdog.shutdownNow();
      if (daemon != null) {
        daemon.closeAndWait(DAEMON_STOP);
      }
      try {
        tree.close();
      } catch (IOException e) {
        LOG.warn("rsync sender warm-up: could not delete all of its scratch tree {}: {}",
            tree.root(), e.toString());
      }
    }
  }

  /**
   * One script's bytes for this run's module, made once: the requests carry the block sums of
   * the client's copies (9 MiB hashed for {@code -a}), the same in every round.
   *
   * @param requests the generator's side after the file list, in DATA frames
   * @param want     the files it asks for
   */
  private record ScriptBytes(WarmUpScript script, byte[] handshake, byte[] requests, int want) {
    static ScriptBytes of(WarmUpScript script, String module, List<WarmUpTree.Entry> entries) {
      byte[] raw = script.requests(entries);
      WireBuffer framed = new WireBuffer(raw.length + raw.length / 4096 + 16);
      MuxFrameEncoder.data(framed, raw, 0, raw.length);
      return new ScriptBytes(script, script.handshake(module), framed.toByteArray(),
          script.requestCount(entries));
    }
  }

  private static Report rounds(InetSocketAddress address, String module, int rounds, Probe probe,
      WarmUpTree tree, Control control, ScheduledExecutorService watchdog, long t0)
      throws IOException, InterruptedException {
    List<ScriptBytes> scripts = Stream.of(WarmUpScript.archive(),
        WarmUpScript.compressed(), WarmUpScript.checksumUpToDate())
        .map(s -> ScriptBytes.of(s, module, tree.entries())).toList();
    int sessions = 0;
    long files = 0;
    boolean stopped = false;
    for (int r = 0; r < rounds && !stopped; r++) {
      for (ScriptBytes s : scripts) {
        try {
          files += serve(address, probe, s, control, watchdog);
          sessions++;
        } catch (IOException | RuntimeException e) {
          if (!control.stopping) {
            throw e;
          }
        }
        if (control.stopping) {
          stopped = true;
          break;
        }
      }
    }
    return new Report(sessions, files, probe.bytes.get(), Duration.ofNanos(System.nanoTime() - t0),
        stopped);
  }

  /** One session of {@code script} over a socket; returns the files it sent. */
  private static long serve(InetSocketAddress address, Probe probe, ScriptBytes script,
      Control control, ScheduledExecutorService watchdog)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + SESSION_DEADLINE.toNanos();
    Probe.Session events = probe.next();
    try (Socket socket = new Socket()) {
      if (!control.attach(socket)) {
        throw new IOException("stopped");
      }
      // every blocking call of this session ends by the deadline: writes too
      ScheduledFuture<?> cutOff = watchdog.schedule(() -> Control.closeQuietly(socket),
          SESSION_DEADLINE.toNanos(), TimeUnit.NANOSECONDS);
      try {
        talk(socket, address, events, script, deadline);
      } finally {
        cutOff.cancel(false);
      }
    }
    SessionListener.Result result = await(events.ended, deadline);
    long sent = events.filesSent.get();
    if (result != SessionListener.Result.OK || sent != script.want()) {
      throw new IllegalStateException("rsync warm-up session " + script.script().flags()
          + " ended " + result + " with " + sent + " of " + script.want() + " files sent");
    }
    return sent;
  }

  /** The client's side of one session, until the daemon closes the connection. */
  private static void talk(Socket socket, InetSocketAddress address, Probe.Session events,
      ScriptBytes script, long deadline) throws IOException, InterruptedException {
    socket.connect(address, (int) SESSION_DEADLINE.toMillis());
    socket.setSoTimeout((int) SESSION_DEADLINE.toMillis());
    Drain drain = new Drain(socket.getInputStream());
    drain.start();
    OutputStream out = socket.getOutputStream();
    out.write(script.handshake());
    out.flush();
    await(events.listed, deadline);
    out.write(script.requests());
    out.flush();
    drain.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    if (drain.isAlive()) {
      throw new IllegalStateException("rsync warm-up session " + script.script().flags()
          + " did not end in time");
    }
  }

  /** Reads and drops the daemon's output until it closes the connection. */
  private static final class Drain extends Thread {
    private final InputStream in;

    Drain(InputStream in) {
      super("rsync-warm-up-client");
      setDaemon(true);
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buf = new byte[64 << 10];
      try {
        while (in.read(buf) >= 0) {
          // dropped: the session's own events say how it went
        }
      } catch (IOException e) {
        // the session's result says what went wrong
      }
    }
  }

  private static <T> T await(CompletableFuture<T> f, long deadlineNanos)
      throws InterruptedException {
    try {
      return f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("rsync warm-up session failed", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("rsync warm-up session made no progress in time");
    }
  }

  /**
   * The events of the warm-up's sessions, one session at a time (only the warm-up's client
   * knows the module's name, so only its connections start sessions). The listener of the
   * session being started is handed out once; refusals of other connections are ignored.
   */
  private static final class Probe implements RsyncListener {
    final AtomicLong bytes = new AtomicLong();
    private final AtomicReference<Session> next = new AtomicReference<>();

    static final class Session implements SessionListener {
      final CompletableFuture<Void> listed = new CompletableFuture<>();
      final CompletableFuture<Result> ended = new CompletableFuture<>();
      final AtomicLong filesSent = new AtomicLong();
      private final AtomicLong bytes;

      Session(AtomicLong bytes) {
        this.bytes = bytes;
      }

      @Override
      public void sent(long n) {
        bytes.addAndGet(n);
      }

      @Override
      public void fileSent() {
        filesSent.incrementAndGet();
      }

      @Override
      public void fileListBuilt(Duration took, long entries) {
        listed.complete(null);
      }

      @Override
      public void ended(Result result) {
        listed.complete(null);
        ended.complete(result);
      }
    }

    Session next() {
      Session s = new Session(bytes);
      next.set(s);
      return s;
    }

    @Override
    public SessionListener sessionStarted(String module) {
      Session s = next.getAndSet(null);
      return s != null ? s : SessionListener.NONE;
    }
  }
}
