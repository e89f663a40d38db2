package dev.sower.rsync.transfer.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class VarintTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 00",
        "127, 7f",
        // 0x80 needs a second byte: lead 0x80 (1 extra byte), then 0x80
        "128, 8080",
        // compat flags 0x1FF as a real rsync 3.5.0 batch file header carries them
        "511, 81ff",
        "16383, bfff",
        "16384, c00040",
        "-1, f0ffffffff",
    })
    void varintGoldenBytesWholeAndByteByByte(int value, String wire) {
        assertThat(Varint.encodeInt(value)).isEqualTo(hex(wire));
        assertThat(Varint.readInt(ByteBuffer.wrap(hex(wire)))).isEqualTo(OptionalInt.of(value));
        ByteBuffer partial = ByteBuffer.allocate(8);
        byte[] bytes = hex(wire);
        for (int i = 0; i < bytes.length; i++) {
            partial.put(bytes[i]).flip();
            OptionalInt r = Varint.readInt(partial);
            if (i < bytes.length - 1) {
                assertThat(r).isEmpty();
                assertThat(partial.position()).as("nothing consumed").isZero();
            } else {
                assertThat(r).isEqualTo(OptionalInt.of(value));
                assertThat(partial.hasRemaining()).isFalse();
            }
            partial.compact();
        }
    }

    @ParameterizedTest
    @CsvSource({
        // file sizes use min 3 bytes: 100000 = 0x0186A0 -> lead 01 then A0 86 (as in a real flist)
        "100000, 3, 01a086",
        "0, 3, 000000",
        "8388607, 3, 7fffff",
        // 0x800000 needs an extra byte: lead 0x80 then 00 00 80
        "8388608, 3, 80000080",
        "4294967296, 3, c100000000",
        // mtimes use min 4 bytes
        "1700000000, 4, 6500f153",
    })
    void varlongGoldenBytesWholeAndByteByByte(long value, int min, String wire) {
        assertThat(Varint.encodeLong(value, min)).isEqualTo(hex(wire));
        ByteBuffer partial = ByteBuffer.allocate(16);
        byte[] bytes = hex(wire);
        for (int i = 0; i < bytes.length; i++) {
            partial.put(bytes[i]).flip();
            OptionalLong r = Varint.readLong(partial, min);
            if (i < bytes.length - 1) {
                assertThat(r).isEmpty();
                assertThat(partial.position()).isZero();
            } else {
                assertThat(r).isEqualTo(OptionalLong.of(value));
            }
            partial.compact();
        }
    }

    @Test
    void roundTripsAcrossTheRange() {
        for (long v = 1; v > 0; v = v * 3 + 1) {
            // rsync writes varlongs with 3 (sizes) or 4 (times) minimum bytes only
            for (int min = 3; min <= 4; min++) {
                byte[] enc = Varint.encodeLong(v, min);
                assertThat(Varint.readLong(ByteBuffer.wrap(enc), min)).as("%d/%d", v, min)
                        .isEqualTo(OptionalLong.of(v));
            }
            int i = (int) v;
            assertThat(Varint.readInt(ByteBuffer.wrap(Varint.encodeInt(i)))).isEqualTo(OptionalInt.of(i));
        }
    }

    @Test
    void refusesOverlongLeadBytes() {
        assertThatThrownBy(() -> Varint.readInt(ByteBuffer.wrap(hex("fc0000000000"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overflow");
    }

    @Test
    void int32IsLittleEndian() {
        byte[] b = new byte[4];
        Int32.put(b, 0, -2);
        assertThat(b).isEqualTo(hex("feffffff"));
        assertThat(Int32.get(b, 0)).isEqualTo(-2);
        assertThat(Int32.get(ByteBuffer.wrap(hex("39300000")))).isEqualTo(12345);
    }
}
