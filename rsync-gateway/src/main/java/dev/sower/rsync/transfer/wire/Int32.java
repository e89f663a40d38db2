package dev.sower.rsync.transfer.wire;

import java.nio.ByteBuffer;

/** rsync's {@code write_int}/{@code read_int}: a 32-bit two's-complement integer, little-endian. */
public final class Int32 {
    /** Encoded size in bytes. */
    public static final int BYTES = 4;

    private Int32() {
    }

    /** Writes {@code value} little-endian at {@code out[off..off+3]}. */
    public static void put(byte[] out, int off, int value) {
        out[off] = (byte) value;
        out[off + 1] = (byte) (value >>> 8);
        out[off + 2] = (byte) (value >>> 16);
        out[off + 3] = (byte) (value >>> 24);
    }

    /** Writes {@code value} little-endian at {@code out[index..index+3]}, whatever the buffer's order. */
    public static void put(ByteBuffer out, int index, int value) {
        out.putInt(index, out.order() == java.nio.ByteOrder.LITTLE_ENDIAN ? value : Integer.reverseBytes(value));
    }

    /** Reads a little-endian int32 at {@code in[off..off+3]}. */
    public static int get(byte[] in, int off) {
        return (in[off] & 0xFF) | (in[off + 1] & 0xFF) << 8 | (in[off + 2] & 0xFF) << 16 | in[off + 3] << 24;
    }

    /**
     * Reads a little-endian int32 from the buffer's position, independent of the buffer's byte
     * order. The caller checks {@code remaining() >= 4} first.
     */
    public static int get(ByteBuffer in) {
        int b0 = in.get() & 0xFF;
        int b1 = in.get() & 0xFF;
        int b2 = in.get() & 0xFF;
        int b3 = in.get();
        return b0 | b1 << 8 | b2 << 16 | b3 << 24;
    }
}
