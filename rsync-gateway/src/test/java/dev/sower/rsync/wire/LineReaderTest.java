package dev.sower.rsync.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The text phase: '\n' lines (greeting, module) and NUL-terminated arguments. */
class LineReaderTest {
  /** What rsync 3.5.0 sends to a daemon: greeting, module, then the NUL-ended argv. */
  private static final byte[] CLIENT = ("@RSYNCD: 32.0 sha512 sha256 sha1 md5 md4\nmod\n"
      + "--server\0--sender\0-re.iLsfxCIvu\0--list-only\0.\0mod/a/b/\0\0")
      .getBytes(StandardCharsets.US_ASCII);

  private static List<String> readAll(List<ByteBuffer> chunks) throws ProtocolException {
    LineReader lines = new LineReader((byte) '\n', 64);
    LineReader args = new LineReader((byte) 0, 64);
    List<String> out = new ArrayList<>();
    for (ByteBuffer in : chunks) {
      while (in.hasRemaining()) {
        LineReader r = out.size() < 2 ? lines : args;
        Optional<byte[]> l = r.read(in);
        if (l.isEmpty()) {
          break;
        }
        out.add(new String(l.get(), StandardCharsets.US_ASCII));
      }
    }
    return out;
  }

  private static final List<String> EXPECTED = List.of("@RSYNCD: 32.0 sha512 sha256 sha1 md5 md4",
      "mod", "--server", "--sender", "-re.iLsfxCIvu", "--list-only", ".", "mod/a/b/", "");

  @Test
  void whole() throws Exception {
    assertThat(readAll(List.of(ByteBuffer.wrap(CLIENT)))).isEqualTo(EXPECTED);
  }

  @Test
  void oneByteAtATime() throws Exception {
    List<ByteBuffer> chunks = new ArrayList<>();
    for (byte b : CLIENT) {
      chunks.add(ByteBuffer.wrap(new byte[] {b}));
    }
    assertThat(readAll(chunks)).isEqualTo(EXPECTED);
  }

  @Test
  void leavesBytesAfterTheLine() throws Exception {
    ByteBuffer in = ByteBuffer.wrap("mod\nREST".getBytes(StandardCharsets.US_ASCII));
    assertThat(new LineReader((byte) '\n', 16).read(in)).hasValueSatisfying(
        l -> assertThat(new String(l, StandardCharsets.US_ASCII)).isEqualTo("mod"));
    assertThat(in.remaining()).isEqualTo(4);
  }

  @Test
  void dropsCarriageReturn() throws Exception {
    ByteBuffer in = ByteBuffer.wrap("#list\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(new LineReader((byte) '\n', 16).read(in).orElseThrow()).isEqualTo(
        "#list".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void refusesOverlongLineEvenWhenTrickled() throws Exception {
    LineReader r = new LineReader((byte) '\n', 8);
    for (int i = 0; i < 8; i++) {
      assertThat(r.read(ByteBuffer.wrap(new byte[] {'x'}))).isEmpty();
    }
    assertThatThrownBy(() -> r.read(ByteBuffer.wrap(new byte[] {'x'})))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("longer than 8");
  }
}
