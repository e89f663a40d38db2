package dev.sower.rsync.transfer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * A {@link TransferSink} with a fixed pool of chunk buffers: bytes are gathered into a chunk,
 * a full (or flushed) chunk is handed to the consumer (typically the session's I/O side, which
 * frames and writes it), and the consumer gives the buffer back with {@link #recycle(Chunk)}
 * once it has been written. When every buffer is in flight, {@link #write} blocks the sending
 * worker thread: a slow client slows the sender instead of growing a queue. Memory is
 * {@code chunks * chunkSize} whatever the file size.
 *
 * <p>The buffers are direct: the socket writes them without the JDK's copy into a temporary
 * direct buffer, and {@link #writeDirect} lets file data be read straight into them.
 *
 * <p>Writers run on one worker thread at a time; {@link #recycle} and {@link #fail} may be
 * called from any thread.
 */
public final class ChunkedSink implements TransferSink {
    /**
     * A filled buffer: bytes {@code [0, length)} of {@code buffer} (absolute positions) are to
     * be sent, the first {@code headroom} of them left for the consumer (a frame header).
     */
    public record Chunk(ByteBuffer buffer, int length) {
        /** A copy of the whole buffer (for tests and logs). */
        public byte[] bytes() {
            byte[] b = new byte[buffer.capacity()];
            buffer.get(0, b);
            return b;
        }
    }

    private final BlockingQueue<ByteBuffer> free;
    private final Consumer<Chunk> consumer;
    private final int chunkSize;
    private final int headroom;
    private volatile IOException failure;
    private ByteBuffer current;
    private int used;

    /**
     * @param chunkSize bytes per chunk (e.g. 32 KiB, below the 16 MiB multiplex frame limit)
     * @param chunks    buffers in the pool, at least 1
     * @param consumer  receives each filled chunk; must eventually {@link #recycle} it
     */
    public ChunkedSink(int chunkSize, int chunks, Consumer<Chunk> consumer) {
        this(chunkSize, chunks, 0, consumer);
    }

    /**
     * @param headroom bytes left free at the start of every chunk, for the consumer to fill
     *                 in (a multiplex frame header), so a chunk goes out in one write
     */
    public ChunkedSink(int chunkSize, int chunks, int headroom, Consumer<Chunk> consumer) {
        if (chunkSize < 1 || chunks < 1 || headroom < 0 || headroom >= chunkSize) {
            throw new IllegalArgumentException("chunkSize " + chunkSize + ", chunks " + chunks
                    + ", headroom " + headroom);
        }
        this.chunkSize = chunkSize;
        this.headroom = headroom;
        this.consumer = consumer;
        this.free = new ArrayBlockingQueue<>(chunks);
        for (int i = 0; i < chunks; i++) {
            free.add(ByteBuffer.allocateDirect(chunkSize));
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (current == null) {
                current = takeFree();
                used = headroom;
            }
            int n = Math.min(len, chunkSize - used);
            current.put(used, b, off, n);
            used += n;
            off += n;
            len -= n;
            if (used == chunkSize) {
                handOff();
            }
        }
    }

    /** Lets {@code filler} put its bytes straight into the chunks, in pieces that fit. */
    @Override
    public void writeDirect(int len, Filler filler) throws IOException {
        while (len > 0) {
            if (current == null) {
                current = takeFree();
                used = headroom;
            }
            int n = Math.min(len, chunkSize - used);
            filler.fill(current.slice(used, n));
            used += n;
            len -= n;
            if (used == chunkSize) {
                handOff();
            }
        }
    }

    /**
     * The free space of the current chunk (a fresh one when fewer than {@code min} bytes are
     * left: the current chunk then goes out a little short).
     */
    @Override
    public ByteBuffer room(int min) throws IOException {
        if (min < 1 || min > chunkSize - headroom) {
            throw new IllegalArgumentException("room for " + min + " bytes in chunks of "
                    + (chunkSize - headroom));
        }
        if (current != null && chunkSize - used < min) {
            handOff();
        }
        if (current == null) {
            current = takeFree();
            used = headroom;
        }
        return current.slice(used, chunkSize - used);
    }

    @Override
    public void commit(int n) throws IOException {
        if (current == null || n < 0 || n > chunkSize - used) {
            throw new IllegalArgumentException("commit of " + n + " bytes, "
                    + (current == null ? 0 : chunkSize - used) + " in room");
        }
        used += n;
        if (used == chunkSize) {
            handOff();
        }
    }

    @Override
    public void flush() throws IOException {
        checkFailure();
        if (current != null && used > headroom) {
            handOff();
        }
    }

    /** Returns a chunk's buffer to the pool once its bytes are written. */
    public void recycle(Chunk chunk) {
        ByteBuffer b = chunk.buffer();
        if (!b.isDirect() || b.capacity() != chunkSize || !free.offer(b.clear())) {
            throw new IllegalArgumentException("not a chunk of this sink");
        }
    }

    /** Makes current and future writes fail with {@code cause} (the session closed). */
    public void fail(IOException cause) {
        failure = cause;
        // wake a writer blocked on an empty pool; its buffer is never used
        free.offer(ByteBuffer.allocate(0));
    }

    /** Buffers currently free in the pool. */
    public int freeChunks() {
        return free.size();
    }

    private void handOff() throws IOException {
        checkFailure();
        ByteBuffer full = current;
        int length = used;
        current = null;
        used = 0;
        consumer.accept(new Chunk(full, length));
    }

    private ByteBuffer takeFree() throws IOException {
        checkFailure();
        try {
            ByteBuffer buf = free.take();
            checkFailure();
            return buf;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the client to take data");
        }
    }

    private void checkFailure() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw new IOException("transfer aborted: " + f.getMessage(), f);
        }
    }
}
