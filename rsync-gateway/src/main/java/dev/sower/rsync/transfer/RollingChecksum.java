package dev.sower.rsync.transfer;

/**
 * rsync's weak block checksum (checksum.c {@code get_checksum1}, with {@code CHAR_OFFSET} 0):
 * {@code s1} is the sum of the bytes taken as <em>signed</em> chars, {@code s2} the sum of the
 * running {@code s1} values; the checksum is {@code (s1 & 0xFFFF) | (s2 << 16)}. A window can be
 * moved one byte at a time with {@link #roll(byte, byte)} and shrunk with {@link #rollOut(byte)}.
 * Arithmetic wraps modulo 2^32 exactly as rsync's {@code uint32} arithmetic does.
 */
public final class RollingChecksum {
    private int s1;
    private int s2;
    private int length;

    /** The weak checksum of {@code len} bytes of {@code buf} from {@code off}. */
    public static int of(byte[] buf, int off, int len) {
        int a = 0;
        int b = 0;
        int end = off + len;
        for (int i = off; i < end; i++) {
            a += buf[i];
            b += a;
        }
        return (a & 0xFFFF) | (b << 16);
    }

    /** Starts a window over {@code len} bytes of {@code buf} from {@code off}. */
    public void reset(byte[] buf, int off, int len) {
        int a = 0;
        int b = 0;
        int end = off + len;
        for (int i = off; i < end; i++) {
            a += buf[i];
            b += a;
        }
        s1 = a;
        s2 = b;
        length = len;
    }

    /** Slides the window one byte: drops {@code out} at its start, appends {@code in}. */
    public void roll(byte out, byte in) {
        s1 -= out;
        s2 -= length * out;
        s1 += in;
        s2 += s1;
    }

    /** Drops {@code out}, the window's first byte, shrinking the window by one. */
    public void rollOut(byte out) {
        s1 -= out;
        s2 -= length * out;
        length--;
    }

    /** The current window's checksum. */
    public int value() {
        return (s1 & 0xFFFF) | (s2 << 16);
    }

    /** The current window's length. */
    public int length() {
        return length;
    }
}
