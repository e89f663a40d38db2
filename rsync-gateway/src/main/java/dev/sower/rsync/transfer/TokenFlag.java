package dev.sower.rsync.transfer;

/**
 * Flag bytes of the compressed token stream (token.c). The low bits of TOKEN_REL and
 * TOKENRUN_REL carry a 6-bit token offset, those of DEFLATED_DATA the high 6 bits of a 14-bit
 * length.
 */
public enum TokenFlag {
    /** End of the file's tokens. */
    END_FLAG(0x00),
    /** Followed by an int32 absolute token number. */
    TOKEN_LONG(0x20),
    /** Followed by an int32 absolute token number and a 16-bit run count. */
    TOKENRUN_LONG(0x21),
    /** Plus the high 6 bits of the length; then the low length byte and the deflated bytes. */
    DEFLATED_DATA(0x40),
    /** Plus a 6-bit token number relative to the end of the previous run. */
    TOKEN_REL(0x80),
    /** Like TOKEN_REL, followed by a 16-bit run count. */
    TOKENRUN_REL(0xC0);

    /** Largest deflated chunk after one DEFLATED_DATA header (14 bits). */
    public static final int MAX_DATA_COUNT = 16383;

    private final int bits;

    TokenFlag(int bits) {
        this.bits = bits;
    }

    /** The flag's bits in the flag byte. */
    public int bits() {
        return bits;
    }

    /**
     * Classifies a flag byte as the receiver does (token.c {@code recv_deflated_token}).
     *
     * @throws IllegalArgumentException for a byte no flag produces (0x01-0x1F, 0x22-0x3F)
     */
    public static TokenFlag of(int flagByte) {
        int b = flagByte & 0xFF;
        if ((b & 0xC0) == DEFLATED_DATA.bits) {
            return DEFLATED_DATA;
        }
        if ((b & 0xC0) == TOKENRUN_REL.bits) {
            return TOKENRUN_REL;
        }
        if ((b & 0xC0) == TOKEN_REL.bits) {
            return TOKEN_REL;
        }
        return switch (b) {
            case 0x00 -> END_FLAG;
            case 0x20 -> TOKEN_LONG;
            case 0x21 -> TOKENRUN_LONG;
            default -> throw new IllegalArgumentException("invalid token flag 0x" + Integer.toHexString(b));
        };
    }
}
