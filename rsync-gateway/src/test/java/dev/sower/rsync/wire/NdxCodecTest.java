package dev.sower.rsync.wire;

import static dev.sower.rsync.wire.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** File indexes at protocol >= 30 (io.c write_ndx/read_ndx). */
class NdxCodecTest {
  private static final int[] SEQUENCE = {0, 1, 2, 300, 5, -1, -3, -3, 70000};
  private static final byte[] GOLDEN = hex(
      "01"                   // 0: diff from -1 = 1
      + "01"                 // 1
      + "01"                 // 2
      + "fe 01 2a"           // 300: diff 298 -> 0xfe + big-endian 16-bit diff
      + "fe 80 05 00 00"     // 5: negative diff -> 0xfe, 0x80|byte3, bytes 0,1,2
      + "00"                 // NDX_DONE
      + "ff 02"              // -3: 0xff then diff 3 - 1 = 2
      + "ff fe 00 00"        // -3 again: diff 0 -> 0xfe + 16-bit 0
      + "fe 80 70 11 01");   // 70000 = 0x00011170: diff > 0x7fff -> full value

  @Test
  void encodesGolden() {
    NdxCodec c = new NdxCodec();
    WireBuffer w = new WireBuffer();
    for (int n : SEQUENCE) {
      c.write(w, n);
    }
    assertThat(w.toByteArray()).isEqualTo(GOLDEN);
  }

  @Test
  void decodesWholeAndOneByteAtATime() throws Exception {
    NdxCodec whole = new NdxCodec();
    ByteBuffer in = ByteBuffer.wrap(GOLDEN);
    List<Integer> got = new ArrayList<>();
    for (int i = 0; i < SEQUENCE.length; i++) {
      got.add(whole.read(in).orElseThrow());
    }
    assertThat(got).containsExactly(boxed());

    NdxCodec trickle = new NdxCodec();
    Bytes.Feed feed = new Bytes.Feed();
    List<Integer> got2 = new ArrayList<>();
    for (byte b : GOLDEN) {
      ByteBuffer buf = feed.add(b);
      OptionalInt v = trickle.read(buf);
      v.ifPresent(got2::add);
    }
    assertThat(got2).containsExactly(boxed());
  }

  private static Integer[] boxed() {
    return java.util.Arrays.stream(SEQUENCE).boxed().toArray(Integer[]::new);
  }

  @Test
  void refusesIndexAboveInt32() throws Exception {
    NdxCodec c = new NdxCodec();
    assertThat(c.read(ByteBuffer.wrap(hex("fe ff ff ff ff")))).hasValue(Integer.MAX_VALUE);
    assertThatThrownBy(() -> c.read(ByteBuffer.wrap(hex("05"))))
        .isInstanceOf(ProtocolException.class);
  }
}
