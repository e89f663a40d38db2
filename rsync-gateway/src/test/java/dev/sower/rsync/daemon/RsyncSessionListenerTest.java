package dev.sower.rsync.daemon;

import static dev.sower.rsync.wire.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.rsync.wire.MuxFrame;
import dev.sower.rsync.wire.MuxFrameDecoder;
import dev.sower.rsync.wire.ProtocolException;
import dev.sower.rsync.wire.WireReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What sessions report to the daemon's {@link RsyncListener}, and where. */
class RsyncSessionListenerTest {
  private static final String HELLO = "@RSYNCD: 31.0\n";
  private static final String ARGS = "--server\0--sender\0-re.iLsfxCIvu\0.\0mod/\0\0";
  /** DATA frame holding int32 0: the end of the filter list. */
  private static final String NO_FILTERS = "04 00 00 07 00 00 00 00";
  /** DATA frame: file 1 (ndx delta 2), ITEM_TRANSFER, sum head of 0 blocks. */
  private static final String REQUEST_FILE_1 =
      "13 00 00 07 02 00 80 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";
  /** The same for file 0 (ndx delta 1). */
  private static final String REQUEST_FILE_0 =
      "13 00 00 07 01 00 80 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";
  /** DATA frame: NDX_DONE x5 (phase 1, phase 2, end of files, goodbye, last goodbye). */
  private static final String ALL_DONE = "05 00 00 07 00 00 00 00 00";

  @TempDir
  Path dir;
  final RecordingListener listener = new RecordingListener();
  final List<RsyncDaemon> daemons = new java.util.ArrayList<>();

  @BeforeEach
  void files() throws Exception {
    Files.writeString(dir.resolve("f"), "hello rsync");
  }

  @AfterEach
  void stop() {
    daemons.forEach(RsyncDaemon::close);
  }

  private RsyncDaemon daemon(SenderPhase.Factory sender, RsyncListener l, ModuleConfig... m)
      throws Exception {
    List<ModuleConfig> modules = m.length > 0 ? List.of(m) : List.of(ModuleConfig.of("mod", dir,
        ""), ModuleConfig.of("one", dir, "").withMaxConnections(1),
        ModuleConfig.of("lan", dir, "").withHosts(List.of("10.0.0.0/8"), List.of()));
    RsyncDaemon d = new RsyncDaemon(DaemonConfig.of(modules), sender, ListingCache.defaults(), l);
    daemons.add(d);
    return d;
  }

  private static RsyncSession open(RsyncDaemon d, FakeChannel ch, String text) {
    RsyncSession s = d.newSession(ch);
    s.start();
    input(s, text.getBytes(StandardCharsets.ISO_8859_1));
    return s;
  }

  private static void input(RsyncSession s, byte[] b) {
    s.onInput(ByteBuffer.wrap(b));
  }

  /** A session on "mod" whose file list went out (seen by {@link #listener}). */
  private RsyncSession listed(RsyncDaemon d, FakeChannel ch) throws InterruptedException {
    RsyncSession s = open(d, ch, HELLO + "mod\n" + ARGS);
    input(s, hex(NO_FILTERS));
    await(() -> listener.events().size() == 2);
    return s;
  }

  private static void await(BooleanSupplier done) throws InterruptedException {
    for (int i = 0; i < 500 && !done.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertThat(done.getAsBoolean()).as("condition reached within 5 s").isTrue();
  }

  @Test
  void refusalsAreReportedOnceWithTheirReasonAndStartNoSession() throws Exception {
    RsyncDaemon d = daemon(ListOnlySender::create, listener);
    open(d, new FakeChannel("127.0.0.1"), HELLO + "nope\n");
    open(d, new FakeChannel("127.0.0.1"), HELLO + "#junk\n");
    open(d, new FakeChannel("127.0.0.1"), "HELLO\n");
    open(d, new FakeChannel("127.0.0.1"), "@RSYNCD: 29.0\n");
    open(d, new FakeChannel("127.0.0.1"), HELLO + "lan\n");
    open(d, new FakeChannel("127.0.0.1"), HELLO + "one\n");   // holds the only slot
    open(d, new FakeChannel("127.0.0.1"), HELLO + "one\n");
    open(d, new FakeChannel("127.0.0.1"), HELLO + "mod\n--server\0--sender\0-rAe.iLsfxCIvu\0.\0"
        + "mod/\0\0");
    open(d, new FakeChannel("127.0.0.1"), HELLO + "mod\n--server\0-re.iLsfxCIvu\0.\0mod/\0\0");
    RsyncSession idle = open(d, new FakeChannel("127.0.0.1"), HELLO);
    idle.onIdle();
    idle.onIdle();
    idle.onClosed();
    open(d, new FakeChannel("127.0.0.1"), HELLO + "\n");   // the module list is no refusal

    assertThat(listener.events()).containsExactly(
        "rejected UNKNOWN_MODULE", "rejected PROTOCOL", "rejected PROTOCOL", "rejected PROTOCOL",
        "rejected HOSTS_DENY", "rejected MAX_CONNECTIONS", "rejected REFUSED_OPTION",
        "rejected REFUSED_OPTION", "rejected TIMEOUT");
  }

  @Test
  void aListingSessionReportsEveryByteItsFileListAndItsEnd() throws Exception {
    RsyncDaemon d = daemon(ListOnlySender::create, listener);
    FakeChannel ch = new FakeChannel("127.0.0.1");
    RsyncSession s = open(d, ch, HELLO + "mod\n" + ARGS);
    assertThat(listener.events()).containsExactly("started mod");
    input(s, hex(NO_FILTERS));
    await(() -> listener.events().size() == 2);
    input(s, hex(ALL_DONE));
    assertThat(ch.closed).isTrue();
    s.onClosed();
    s.onClosed();

    assertThat(listener.events()).containsExactly("started mod", "file list of 2", "ended OK");
    assertThat(listener.sent()).isEqualTo(ch.bytes().length);
    assertThat(listener.listTimes().get(0)).isPositive().isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aTransferReportsTheFileSentAndTheBytesHandedToTheChannel() throws Exception {
    RsyncDaemon d = daemon(FileTransferSender::create, listener);
    FakeChannel ch = new FakeChannel("127.0.0.1");
    RsyncSession s = listed(d, ch);
    input(s, hex(REQUEST_FILE_1 + " " + ALL_DONE));
    await(() -> ch.closed);
    s.onClosed();

    assertThat(listener.events())
        .containsExactly("started mod", "file list of 2", "file sent", "ended OK");
    assertThat(ch.text()).contains("hello rsync");
    assertThat(listener.sent()).isEqualTo(ch.bytes().length);
  }

  @Test
  void aVanishedFileIsAnErrorAndThePartialResult() throws Exception {
    RsyncDaemon d = daemon(FileTransferSender::create, listener);
    FakeChannel ch = new FakeChannel("127.0.0.1");
    RsyncSession s = listed(d, ch);
    Files.delete(dir.resolve("f"));
    input(s, hex(REQUEST_FILE_1 + " " + ALL_DONE));
    await(() -> ch.closed);
    s.onClosed();

    assertThat(listener.events())
        .containsExactly("started mod", "file list of 2", "error VANISHED", "ended PARTIAL");
    assertThat(ch.text()).contains("file has vanished");
  }

  @Test
  void namesThatCannotBeListedAreAnIoErrorAndThePartialResult() throws Exception {
    RsyncDaemon d = daemon(FileTransferSender::create, listener);
    FakeChannel ch = new FakeChannel("127.0.0.1");
    RsyncSession s = open(d, ch, HELLO + "mod\n"
        + "--server\0--sender\0-re.iLsfxCIvu\0.\0mod/missing\0mod/f\0\0");
    // the list holds f alone
    input(s, hex(NO_FILTERS + " " + REQUEST_FILE_0 + " " + ALL_DONE));
    await(() -> ch.closed);
    s.onClosed();

    assertThat(ch.text()).contains("link_stat \"/missing\" (in mod) failed")
        .contains("hello rsync");
    assertThat(listener.events()).containsExactly("started mod", "file list of 1", "error IO",
        "file sent", "ended PARTIAL");
  }

  @Test
  void protocolErrorsTimeoutsAndHangUpsEndTheSession() throws Exception {
    RsyncDaemon d = daemon(FileTransferSender::create, listener);
    RsyncSession s = listed(d, new FakeChannel("127.0.0.1"));
    input(s, hex("03 00 00 07 09 00 80"));   // file index 9 of 2
    s.onClosed();
    assertThat(listener.events()).containsExactly("started mod", "file list of 2",
        "error PROTOCOL", "ended ERROR");

    RecordingListener second = new RecordingListener();
    RsyncDaemon d2 = daemon(FileTransferSender::create, second);
    RsyncSession idle = open(d2, new FakeChannel("127.0.0.1"), HELLO + "mod\n" + ARGS);
    idle.onIdle();
    idle.onClosed();
    RsyncSession gone = open(d2, new FakeChannel("127.0.0.1"), HELLO + "mod\n" + ARGS);
    gone.onClosed();
    assertThat(second.events()).containsExactly("started mod", "error TIMEOUT", "ended ERROR",
        "started mod", "ended ABORTED");
  }

  @Test
  void aFailingListenerNeverBreaksASession() throws Exception {
    RsyncListener throwing = new RsyncListener() {
      @Override
      public void rejected(Rejection reason) {
        throw new IllegalStateException("listener bug");
      }

      @Override
      public SessionListener sessionStarted(String module) {
        return new SessionListener() {
          @Override
          public void sent(long bytes) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void fileSent() {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void fileListBuilt(Duration took, long entries) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void ended(Result result) {
            throw new IllegalStateException("listener bug");
          }
        };
      }
    };
    FakeChannel quiet = transfer(daemon(FileTransferSender::create, RsyncListener.NONE));
    FakeChannel loud = transfer(daemon(FileTransferSender::create, throwing));
    // same protocol exchange apart from the random checksum seed and the timings; how the
    // sender's output is cut into frames depends on thread timing (one 4-byte header more or
    // less), so the frames' payloads are compared, not the raw byte counts
    assertThat(loud.text()).contains("hello rsync");
    assertThat(muxPayloadBytes(loud)).isEqualTo(muxPayloadBytes(quiet)).isPositive();
    FakeChannel refused = new FakeChannel("127.0.0.1");
    open(daemons.get(1), refused, HELLO + "nope\n");
    assertThat(refused.text()).endsWith("@ERROR: Unknown module 'nope'\n");
    assertThat(refused.closed).isTrue();
  }

  /**
   * Payload bytes of all multiplexed frames the session sent after its text phase, the unframed
   * compat flags and checksum seed; fails unless the rest of the output is whole frames.
   */
  private static long muxPayloadBytes(FakeChannel ch) throws ProtocolException {
    byte[] out = ch.bytes();
    String ok = "@RSYNCD: OK\n";
    int at = ch.text().indexOf(ok);
    assertThat(at).isNotNegative();
    ByteBuffer in = ByteBuffer.wrap(out, at + ok.length(), out.length - at - ok.length());
    assertThat(WireReader.varint(in)).isPresent(); // compat flags
    assertThat(WireReader.int32(in)).isPresent(); // checksum seed
    MuxFrameDecoder frames = new MuxFrameDecoder(0xFFFFFF);
    long payload = 0;
    for (Optional<MuxFrame> f = frames.decode(in); f.isPresent(); f = frames.decode(in)) {
      payload += f.get().payload().length;
    }
    assertThat(in.remaining()).as("bytes after the last whole frame").isZero();
    return payload;
  }

  private FakeChannel transfer(RsyncDaemon d) throws Exception {
    FakeChannel ch = new FakeChannel("127.0.0.1");
    RsyncSession s = open(d, ch, HELLO + "mod\n" + ARGS);
    // requests sent before the list is built wait in the session's buffer
    input(s, hex(NO_FILTERS + " " + REQUEST_FILE_1 + " " + ALL_DONE));
    await(() -> ch.closed);
    s.onClosed();
    return ch;
  }
}
