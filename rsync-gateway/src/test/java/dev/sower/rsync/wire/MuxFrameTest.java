package dev.sower.rsync.wire;

import static dev.sower.rsync.wire.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Multiplexed frames: header int32 ((7 + tag) << 24) | length, little-endian. */
class MuxFrameTest {
  private static final byte[] GOLDEN = hex(
      "03 00 00 07 | 61 62 63"            // DATA, 3 bytes, "abc"
      + "03 00 00 0a | 68 69 0a"          // ERROR (3 + 7 = 0x0a), "hi\n"
      + "04 00 00 5d | 04 00 00 00"       // ERROR_EXIT (86 + 7 = 0x5d), int32 4
      + "00 00 00 31");                   // NOOP (42 + 7 = 0x31), empty

  @Test
  void encodesGoldenFrames() {
    WireBuffer w = new WireBuffer();
    MuxFrameEncoder.data(w, "abc".getBytes(), 0, 3);
    MuxFrameEncoder.text(w, MessageTag.ERROR, "hi\n");
    MuxFrameEncoder.int32(w, MessageTag.ERROR_EXIT, 4);
    MuxFrameEncoder.frame(w, MessageTag.NOOP, new byte[0], 0, 0);
    assertThat(w.toByteArray()).isEqualTo(GOLDEN);
  }

  @Test
  void decodesWhole() throws Exception {
    assertDecoded(decodeAll(ByteBuffer.wrap(GOLDEN)));
  }

  @Test
  void decodesOneByteAtATime() throws Exception {
    MuxFrameDecoder d = new MuxFrameDecoder(1024);
    Bytes.Feed feed = new Bytes.Feed();
    List<MuxFrame> frames = new ArrayList<>();
    for (byte b : GOLDEN) {
      ByteBuffer buf = feed.add(b);
      Optional<MuxFrame> f;
      while ((f = d.decode(buf)).isPresent()) {
        frames.add(f.get());
      }
    }
    assertDecoded(frames);
  }

  private static List<MuxFrame> decodeAll(ByteBuffer in) throws ProtocolException {
    MuxFrameDecoder d = new MuxFrameDecoder(1024);
    List<MuxFrame> frames = new ArrayList<>();
    Optional<MuxFrame> f;
    while ((f = d.decode(in)).isPresent()) {
      frames.add(f.get());
    }
    return frames;
  }

  private static void assertDecoded(List<MuxFrame> frames) {
    assertThat(frames).extracting(MuxFrame::tag).containsExactly(MessageTag.DATA,
        MessageTag.ERROR, MessageTag.ERROR_EXIT, MessageTag.NOOP);
    assertThat(frames.get(0).payload()).isEqualTo("abc".getBytes());
    assertThat(frames.get(1).payload()).isEqualTo("hi\n".getBytes());
    assertThat(frames.get(2).payload()).isEqualTo(hex("04 00 00 00"));
    assertThat(frames.get(3).payload()).isEmpty();
  }

  @Test
  void bigDataIsCutIn32KibFrames() {
    WireBuffer w = new WireBuffer();
    MuxFrameEncoder.data(w, new byte[70_000], 0, 70_000);
    byte[] out = w.toByteArray();
    assertThat(out).hasSize(70_000 + 3 * 4);
    assertThat(java.util.Arrays.copyOf(out, 4)).isEqualTo(hex("00 80 00 07"));
  }

  @Test
  void refusesFrameAboveLimitBeforeAllocating() {
    MuxFrameDecoder d = new MuxFrameDecoder(1024);
    // DATA frame announcing 0xfffffe bytes (just under 2^24)
    assertThatThrownBy(() -> d.decode(ByteBuffer.wrap(hex("fe ff ff 07"))))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("exceeds the limit");
  }

  @Test
  void refusesUnknownTag() {
    MuxFrameDecoder d = new MuxFrameDecoder(1024);
    assertThatThrownBy(() -> d.decode(ByteBuffer.wrap(hex("00 00 00 7f"))))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("code 120");
  }
}
