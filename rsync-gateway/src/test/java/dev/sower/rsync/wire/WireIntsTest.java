package dev.sower.rsync.wire;

import static dev.sower.rsync.wire.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Golden bytes for io.c's write_int / write_varint / write_varlong, and their readers. */
class WireIntsTest {
  @ParameterizedTest(name = "varint {0} = {1}")
  @CsvSource({
      "0, 00",
      "127, 7f",
      "128, 80 80",            // top byte >= 0x80: one extra byte, lead 0x80
      "16383, bf ff",          // 0x3fff: lead carries 0x3f under the 0x80 marker
      "16384, c0 00 40",       // 0x4000: two extra bytes
      "2097151, df ff ff",     // 0x1fffff
      "-1, f0 ff ff ff ff"     // four extra bytes, lead 0xf0
  })
  void varint(int value, String golden) throws Exception {
    byte[] want = hex(golden);
    assertThat(new WireBuffer().putVarint(value).toByteArray()).isEqualTo(want);
    assertThat(WireReader.varint(ByteBuffer.wrap(want))).hasValue(value);
    Bytes.Feed feed = new Bytes.Feed();
    for (int i = 0; i < want.length; i++) {
      ByteBuffer b = feed.add(want[i]);
      OptionalInt v = WireReader.varint(b);
      if (i < want.length - 1) {
        assertThat(v).isEmpty();
        assertThat(b.position()).isZero();
      } else {
        assertThat(v).hasValue(value);
        assertThat(b.hasRemaining()).isFalse();
      }
    }
  }

  @ParameterizedTest(name = "varlong({0}, {1}) = {2}")
  @CsvSource({
      "0, 3, 00 00 00",               // a size of 0: min 3 bytes
      "3, 3, 00 03 00",
      "1000, 3, 00 e8 03",
      "16777216, 3, 81 00 00 00",     // 0x01000000: one extra byte, lead 0x80|0x01
      "4096, 3, 00 00 10",
      "1700000000, 4, 65 00 f1 53",   // an mtime: min 4 bytes, top byte in the lead
      "1700000001, 4, 65 01 f1 53",
      "4294967296, 4, 81 00 00 00 00",
      "-1, 3, fc ff ff ff ff ff ff ff ff"
  })
  void varlong(long value, int min, String golden) throws Exception {
    byte[] want = hex(golden);
    assertThat(new WireBuffer().putVarlong(value, min).toByteArray()).isEqualTo(want);
    assertThat(WireReader.varlong(ByteBuffer.wrap(want), min)).hasValue(value);
    Bytes.Feed feed = new Bytes.Feed();
    for (int i = 0; i < want.length; i++) {
      ByteBuffer b = feed.add(want[i]);
      OptionalLong v = WireReader.varlong(b, min);
      if (i < want.length - 1) {
        assertThat(v).isEmpty();
        assertThat(b.position()).isZero();
      } else {
        assertThat(v).hasValue(value);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"0, 00 00 00 00", "1, 01 00 00 00", "-1, ff ff ff ff", "305419896, 78 56 34 12"})
  void int32(int value, String golden) {
    byte[] want = hex(golden);
    assertThat(new WireBuffer().putInt(value).toByteArray()).isEqualTo(want);
    assertThat(WireReader.int32(ByteBuffer.wrap(want))).hasValue(value);
    assertThat(WireReader.int32(ByteBuffer.wrap(want, 0, 3))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"'', 00", "ab, 02 61 62"})
  void vstring(String s, String golden) {
    assertThat(new WireBuffer().putVstring(s.getBytes()).toByteArray()).isEqualTo(hex(golden));
  }

  @org.junit.jupiter.api.Test
  void longVstringUsesTwoLengthBytes() {
    byte[] s = new byte[300];
    byte[] out = new WireBuffer().putVstring(s).toByteArray();
    assertThat(out).startsWith(hex("81 2c"));  // 0x80 | 300/256, 300 % 256
    assertThat(out).hasSize(302);
  }

  @org.junit.jupiter.api.Test
  void varintWithTooManyExtraBytesIsRefused() {
    assertThatThrownBy(() -> WireReader.varint(ByteBuffer.wrap(hex("f8 00 00 00 00 00"))))
        .isInstanceOf(ProtocolException.class);
  }
}
