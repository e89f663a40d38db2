package dev.sower.rsync.transfer;

import static dev.sower.rsync.transfer.TestFiles.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SumHeadDecoderTest {
    private static final String GOLDEN = ""
            + "a0000000" // count 160
            + "bc020000" // block length 700
            + "02000000" // strong-sum length 2
            + "64000000"; // remainder 100

    private final SumHeadDecoder decoder = new SumHeadDecoder(SumLimits.DEFAULT);

    @Test
    void decodesGoldenBytesWhole() throws Exception {
        ByteBuffer in = ByteBuffer.wrap(hex(GOLDEN + "ff"));
        assertThat(decoder.decode(in)).isEqualTo(new SumHead(160, 700, 2, 100));
        assertThat(in.remaining()).as("the byte after the head is left").isEqualTo(1);
    }

    @Test
    void decodesGoldenBytesOneAtATimeWithoutConsumingEarly() throws Exception {
        byte[] bytes = hex(GOLDEN);
        ByteBuffer acc = ByteBuffer.allocate(32);
        SumHead head = null;
        for (int i = 0; i < bytes.length; i++) {
            acc.put(bytes[i]).flip();
            head = decoder.decode(acc);
            if (i < bytes.length - 1) {
                assertThat(head).isNull();
                assertThat(acc.position()).isZero();
            }
            acc.compact();
        }
        assertThat(head).isEqualTo(new SumHead(160, 700, 2, 100));
    }

    @Test
    void encodeIsTheGoldenBytes() {
        assertThat(new SumHead(160, 700, 2, 100).encode()).isEqualTo(hex(GOLDEN));
        assertThat(new SumHead(160, 700, 2, 100).basisLength()).isEqualTo(159 * 700 + 100);
        assertThat(SumHead.EMPTY.encode()).isEqualTo(new byte[16]);
    }

    @Test
    void refusesWhatRsyncRefuses() {
        assertRefused("ffffffff bc020000 02000000 00000000", "Invalid checksum count -1");
        assertRefused("01000000 01000200 02000000 00000000", "Invalid block length 131073");
        assertRefused("01000000 ffffffff 02000000 00000000", "Invalid block length -1");
        assertRefused("01000000 00000000 02000000 00000000", "Invalid zero block length");
        assertRefused("01000000 bc020000 11000000 00000000", "Invalid checksum length 17");
        assertRefused("01000000 bc020000 ffffffff 00000000", "Invalid checksum length -1");
        assertRefused("01000000 bc020000 02000000 bd020000", "Invalid remainder length 701");
        assertRefused("01000000 bc020000 02000000 ffffffff", "Invalid remainder length -1");
    }

    @Test
    void refusesCountsWhoseTableWouldExceedTheMemoryCap() throws Exception {
        // 0x7fffffff blocks of 16-byte sums would need 96 GiB; each block costs 32 + 16 bytes
        assertRefused("ffffff7f 00000200 10000000 00000000", "exceed this server's limit");
        SumHeadDecoder small = new SumHeadDecoder(new SumLimits(SumLimits.MAX_BLOCK_SIZE, 16, 48 * 1000));
        assertThat(small.decode(ByteBuffer.wrap(new SumHead(1000, 700, 16, 0).encode()))).isNotNull();
        assertThatThrownBy(() -> small.decode(ByteBuffer.wrap(new SumHead(1001, 700, 16, 0).encode())))
                .isInstanceOf(TransferProtocolException.class);
    }

    @Test
    void acceptsTheLargestLegalValuesAndAnEmptyHead() throws Exception {
        assertThat(decoder.decode(ByteBuffer.wrap(new SumHead(1, 131072, 16, 131072).encode())))
                .isEqualTo(new SumHead(1, 131072, 16, 131072));
        assertThat(decoder.decode(ByteBuffer.wrap(new byte[16]))).isEqualTo(SumHead.EMPTY);
    }

    private void assertRefused(String wire, String message) {
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(hex(wire))))
                .isInstanceOf(TransferProtocolException.class).hasMessageContaining(message);
    }
}
