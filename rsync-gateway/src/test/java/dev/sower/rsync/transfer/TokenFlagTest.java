package dev.sower.rsync.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenFlagTest {
    @Test
    void classifiesFlagBytesAsTheReceiverDoes() {
        assertThat(TokenFlag.of(0x00)).isEqualTo(TokenFlag.END_FLAG);
        assertThat(TokenFlag.of(0x20)).isEqualTo(TokenFlag.TOKEN_LONG);
        assertThat(TokenFlag.of(0x21)).isEqualTo(TokenFlag.TOKENRUN_LONG);
        assertThat(TokenFlag.of(0x40)).isEqualTo(TokenFlag.DEFLATED_DATA);
        assertThat(TokenFlag.of(0x7F)).isEqualTo(TokenFlag.DEFLATED_DATA);
        assertThat(TokenFlag.of(0x80)).isEqualTo(TokenFlag.TOKEN_REL);
        assertThat(TokenFlag.of(0xBF)).isEqualTo(TokenFlag.TOKEN_REL);
        assertThat(TokenFlag.of(0xC0)).isEqualTo(TokenFlag.TOKENRUN_REL);
        assertThat(TokenFlag.of(0xFF)).isEqualTo(TokenFlag.TOKENRUN_REL);
    }

    @Test
    void rejectsBytesNoFlagProduces() {
        for (int b : new int[] {0x01, 0x1F, 0x22, 0x3F}) {
            assertThatThrownBy(() -> TokenFlag.of(b)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid token flag");
        }
    }
}
