package dev.sower.rsync.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where the sender writes a file's data stream (the bytes the session then wraps in
 * multiplexed DATA frames). Implementations may block the calling worker thread to apply
 * back-pressure; they never buffer without bound.
 */
public interface TransferSink {
    /** Writes {@code len} bytes of {@code b} from {@code off}; may block until there is room. */
    void write(byte[] b, int off, int len) throws IOException;

    /** Produces bytes into a buffer the sink provides. */
    @FunctionalInterface
    interface Filler {
        /** Fills {@code dst} from its position to its limit, exactly. */
        void fill(ByteBuffer dst) throws IOException;
    }

    /**
     * Writes {@code len} bytes that {@code filler} produces, handing it the sink's own buffer
     * space where it has some (so file data can be read straight into it, without a copy),
     * in as many calls as needed; may block until there is room.
     */
    default void writeDirect(int len, Filler filler) throws IOException {
        byte[] b = new byte[len];
        filler.fill(ByteBuffer.wrap(b));
        write(b, 0, len);
    }

    /**
     * Free space in the sink's own current buffer, at least {@code min} bytes, for the caller
     * to fill in place from position 0 and then {@link #commit}: several token headers and the
     * file data between them can so be laid out together (and the data read with one
     * scattering read). May block until a buffer is free. {@code null} when the sink keeps no
     * buffer of its own; the caller then uses {@link #write} or {@link #writeDirect}.
     *
     * @param min at most the sink's buffer size less its headroom
     */
    default ByteBuffer room(int min) throws IOException {
        return null;
    }

    /**
     * Makes the first {@code n} bytes of the last {@link #room} part of the stream; nothing
     * else may be written between the two calls.
     */
    default void commit(int n) throws IOException {
        throw new IllegalStateException("this sink hands out no room");
    }

    /** Hands on whatever is buffered; called at the end of each file. */
    void flush() throws IOException;
}
