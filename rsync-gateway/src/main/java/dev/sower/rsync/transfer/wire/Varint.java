package dev.sower.rsync.transfer.wire;

import java.nio.ByteBuffer;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * rsync's variable-length integers (io.c {@code write_varint}, {@code write_varlong},
 * {@code read_varint}, {@code read_varlong}). The first byte's high bits count the extra
 * bytes that follow; the remaining low bits of the first byte are the value's most significant
 * byte. A varlong always carries at least {@code minBytes} bytes.
 */
public final class Varint {
    private Varint() {
    }

    /** Number of extra bytes announced by a leading byte (rsync's {@code int_byte_extra}). */
    static int extraBytes(int lead) {
        lead &= 0xFF;
        if (lead < 0x80) {
            return 0;
        }
        if (lead < 0xC0) {
            return 1;
        }
        if (lead < 0xE0) {
            return 2;
        }
        if (lead < 0xF0) {
            return 3;
        }
        if (lead < 0xF8) {
            return 4;
        }
        if (lead < 0xFC) {
            return 5;
        }
        return 6;
    }

    /** Encodes {@code x} as rsync's varint (1 to 5 bytes). */
    public static byte[] encodeInt(int x) {
        return encode(x & 0xFFFFFFFFL, 1, 4);
    }

    /** Encodes {@code x} as rsync's varlong with at least {@code minBytes} (1..8) bytes. */
    public static byte[] encodeLong(long x, int minBytes) {
        if (minBytes < 1 || minBytes > 8) {
            throw new IllegalArgumentException("minBytes must be 1..8: " + minBytes);
        }
        return encode(x, minBytes, 8);
    }

    private static byte[] encode(long x, int minBytes, int width) {
        byte[] b = new byte[width + 1];
        for (int i = 0; i < width; i++) {
            b[i + 1] = (byte) (x >>> (8 * i));
        }
        int cnt = width;
        while (cnt > minBytes && b[cnt] == 0) {
            cnt--;
        }
        int bit = 1 << (7 - cnt + minBytes);
        if ((b[cnt] & 0xFF) >= bit) {
            cnt++;
            b[0] = (byte) ~(bit - 1);
        } else if (cnt > minBytes) {
            b[0] = (byte) (b[cnt] | ~(bit * 2 - 1));
        } else {
            b[0] = b[cnt];
        }
        byte[] out = new byte[cnt];
        System.arraycopy(b, 0, out, 0, cnt);
        return out;
    }

    /**
     * Reads a varint at the buffer's position. Returns empty, consuming nothing, when the buffer
     * does not yet hold the whole value.
     *
     * @throws IllegalArgumentException for a lead byte announcing more than 4 extra bytes
     */
    public static OptionalInt readInt(ByteBuffer in) {
        if (!in.hasRemaining()) {
            return OptionalInt.empty();
        }
        int pos = in.position();
        int lead = in.get(pos) & 0xFF;
        int extra = extraBytes(lead);
        if (extra > 4) {
            throw new IllegalArgumentException("varint overflow: lead byte 0x" + Integer.toHexString(lead));
        }
        if (in.remaining() < 1 + extra) {
            return OptionalInt.empty();
        }
        in.get();
        if (extra == 0) {
            return OptionalInt.of(lead);
        }
        long v = 0;
        for (int i = 0; i < extra; i++) {
            v |= (long) (in.get() & 0xFF) << (8 * i);
        }
        int bit = 1 << (8 - extra);
        v |= (long) (lead & (bit - 1)) << (8 * extra);
        return OptionalInt.of((int) v);
    }

    /**
     * Reads a varlong with {@code minBytes} at the buffer's position. Returns empty, consuming
     * nothing, when the buffer does not yet hold the whole value.
     *
     * @throws IllegalArgumentException when the value would need more than 8 bytes
     */
    public static OptionalLong readLong(ByteBuffer in, int minBytes) {
        if (minBytes < 1 || minBytes > 8) {
            throw new IllegalArgumentException("minBytes must be 1..8: " + minBytes);
        }
        if (in.remaining() < minBytes) {
            return OptionalLong.empty();
        }
        int pos = in.position();
        int lead = in.get(pos) & 0xFF;
        int extra = extraBytes(lead);
        if (minBytes + extra > 9) {
            throw new IllegalArgumentException("varlong overflow: lead byte 0x" + Integer.toHexString(lead));
        }
        if (in.remaining() < minBytes + extra) {
            return OptionalLong.empty();
        }
        in.get();
        long v = 0;
        int n = minBytes - 1 + extra;
        for (int i = 0; i < n; i++) {
            v |= (long) (in.get() & 0xFF) << (8 * i);
        }
        if (extra > 0) {
            int bit = 1 << (8 - extra);
            v |= (long) (lead & (bit - 1)) << (8 * n);
        } else {
            // no extra bytes: the lead byte is the top byte of a minBytes-wide value
            v |= (long) lead << (8 * (minBytes - 1));
        }
        return OptionalLong.of(v);
    }
}
