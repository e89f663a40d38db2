package dev.sower.rsync.daemon;

import static dev.sower.rsync.wire.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The daemon's text phase and its hand-over to the binary phase, byte for byte. */
class RsyncSessionTest {
  @TempDir
  Path dir;
  RsyncDaemon daemon;
  final AtomicReference<SenderContext> plugged = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    Files.writeString(dir.resolve("f"), "x");
    ModuleConfig m = ModuleConfig.of("mod", dir, "the module");
    ModuleConfig two = ModuleConfig.of("second-module-name", dir, "another").withMaxConnections(1);
    ModuleConfig hidden = ModuleConfig.of("hidden", dir, "").withList(false);
    daemon = new RsyncDaemon(DaemonConfig.of(List.of(m, two, hidden))
        .withMotd("hello\n".getBytes(StandardCharsets.US_ASCII)), ctx -> {
          plugged.set(ctx);
          return data -> data.position(data.limit());
        });
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  private FakeChannel run(String clientBytes, boolean trickle) {
    FakeChannel ch = new FakeChannel("127.0.0.1");
    RsyncSession s = daemon.newSession(ch);
    s.start();
    byte[] b = clientBytes.getBytes(StandardCharsets.ISO_8859_1);
    if (trickle) {
      for (byte x : b) {
        s.onInput(ByteBuffer.wrap(new byte[] {x}));
      }
    } else {
      s.onInput(ByteBuffer.wrap(b));
    }
    return ch;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void moduleList(boolean trickle) {
    FakeChannel ch = run("@RSYNCD: 32.0 sha512 sha256 sha1 md5 md4\n\n", trickle);
    assertThat(ch.text()).isEqualTo("@RSYNCD: 31.0\nhello\n\n"
        + "mod            \tthe module\n"
        + "second-module-name\tanother\n"
        + "@RSYNCD: EXIT\n");
    assertThat(ch.closed).isTrue();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void errors(boolean trickle) {
    assertThat(run("@RSYNCD: 31.0\nnope\n", trickle).text())
        .endsWith("\n@ERROR: Unknown module 'nope'\n");
    assertThat(run("@RSYNCD: 31.0\n#junk\n", trickle).text())
        .endsWith("\n@ERROR: Unknown command '#junk'\n");
    assertThat(run("HELLO\n", trickle).text()).endsWith("\n@ERROR: protocol startup error\n");
    assertThat(run("@RSYNCD: 31\n", trickle).text())
        .endsWith("\n@ERROR: your client omitted the subprotocol value: @RSYNCD: 31\n");
    assertThat(run("@RSYNCD: 29.0\n", trickle).text()).contains("@ERROR: protocol version 29"
        + " is too old");
  }

  @Test
  void maxConnectionsPerModule() {
    FakeChannel first = run("@RSYNCD: 31.0\nsecond-module-name\n", false);
    assertThat(first.text()).endsWith("@RSYNCD: OK\n");
    FakeChannel second = run("@RSYNCD: 31.0\nsecond-module-name\n", false);
    assertThat(second.text()).endsWith(
        "@ERROR: max connections (1) reached -- try again later\n");
  }

  @Test
  void accessDenied() throws Exception {
    RsyncDaemon d = RsyncDaemon.listOnly(DaemonConfig.of(List.of(ModuleConfig.of("m", dir, "")
        .withHosts(List.of("10.0.0.0/8"), List.of()))));
    try {
      FakeChannel ch = new FakeChannel("127.0.0.1");
      RsyncSession s = d.newSession(ch);
      s.start();
      s.onInput(ByteBuffer.wrap("@RSYNCD: 31.0\nm\n".getBytes(StandardCharsets.US_ASCII)));
      assertThat(ch.text()).endsWith(
          "@ERROR: access denied to m from UNDETERMINED (127.0.0.1)\n");
    } finally {
      d.close();
    }
  }

  @Test
  void refusalAfterOkSendsCompatFlagsSeedThenErrorFrames() {
    FakeChannel ch = run("@RSYNCD: 31.0\nmod\n--server\0--sender\0-rAe.iLsfxCIvu\0.\0mod/\0\0",
        false);
    byte[] all = ch.bytes();
    String text = ch.text();
    int ok = text.indexOf("@RSYNCD: OK\n") + "@RSYNCD: OK\n".length();
    // compat flags 0x00 (refusal happens before the client's letters are used), then seed
    assertThat(all[ok]).isEqualTo((byte) 0);
    byte[] frames = Arrays.copyOfRange(all, ok + 5, all.length);
    String msg = "rsync: The server is configured to refuse --acls (-A)\n";
    byte[] want = new byte[4 + msg.length() + 8];
    want[0] = (byte) msg.length();
    want[3] = 0x0a;   // MSG_ERROR
    System.arraycopy(msg.getBytes(StandardCharsets.US_ASCII), 0, want, 4, msg.length());
    System.arraycopy(hex("04 00 00 5d 04 00 00 00"), 0, want, 4 + msg.length(), 8);
    assertThat(frames).isEqualTo(want);   // MSG_ERROR text, MSG_ERROR_EXIT 4
    assertThat(ch.closed).isTrue();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void clientChecksumSeedIsUsed(boolean trickle) {
    FakeChannel ch = run("@RSYNCD: 31.0\nmod\n--server\0--sender\0-re.iLsfxCIvu\0"
        + "--checksum-seed=305419896\0.\0mod/\0\0", trickle);
    byte[] all = ch.bytes();
    int ok = ch.text().indexOf("@RSYNCD: OK\n") + "@RSYNCD: OK\n".length();
    // compat flags 0x3e, then the seed as given (0x12345678), little-endian
    assertThat(Arrays.copyOfRange(all, ok, ok + 5)).isEqualTo(hex("3e 78 56 34 12"));
  }

  @Test
  void uploadsAreRefused() {
    FakeChannel ch = run("@RSYNCD: 31.0\nmod\n--server\0-re.iLsfxCIvu\0.\0mod/\0\0", false);
    assertThat(ch.text()).contains("ERROR: module is read only\n");
  }

  @Test
  void senderPhaseIsPluggedAfterTheFileList() throws Exception {
    FakeChannel ch = run("@RSYNCD: 31.0\nmod\n--server\0--sender\0-re.iLsfxCIvu\0.\0mod/\0\0",
        false);
    int ok = ch.text().indexOf("@RSYNCD: OK\n") + "@RSYNCD: OK\n".length();
    // compat flags: SYMLINK_TIMES | SYMLINK_ICONV | SAFE_FLIST | AVOID_XATTR | SEED_FIX
    assertThat(ch.bytes()[ok]).isEqualTo((byte) 0x3e);
    RsyncSession s = null;
    // the filter list (one DATA frame holding int32 0) triggers the build on the worker pool
    FakeChannel ch2 = new FakeChannel("127.0.0.1");
    s = daemon.newSession(ch2);
    s.start();
    s.onInput(ByteBuffer.wrap(("@RSYNCD: 31.0\nmod\n--server\0--sender\0-re.iLsfxCIvu\0.\0"
        + "mod/\0\0").getBytes(StandardCharsets.ISO_8859_1)));
    s.onInput(ByteBuffer.wrap(hex("04 00 00 07 00 00 00 00")));
    for (int i = 0; i < 200 && plugged.get() == null; i++) {
      Thread.sleep(10);
    }
    SenderContext ctx = plugged.get();
    assertThat(ctx).isNotNull();
    assertThat(java.util.stream.IntStream.range(0, ctx.list().files().size()).mapToObj(i -> ctx.list().files().get(i))).extracting(e -> new String(e.name()))
        .containsExactly(".", "f");
    assertThat(ctx.protocol()).isEqualTo(31);
    assertThat(ctx.options().recurse()).isTrue();
  }
}
