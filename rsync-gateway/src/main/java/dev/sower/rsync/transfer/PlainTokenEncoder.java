package dev.sower.rsync.transfer;

import dev.sower.rsync.transfer.wire.Int32;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;

/**
 * The uncompressed token stream (token.c {@code simple_send_token}): int32 {@code n > 0}
 * followed by {@code n} literal bytes, in runs of at most 32 KiB; int32 {@code -(k+1)} for a
 * match of block {@code k}; int32 0 at the end of the file.
 */
public final class PlainTokenEncoder implements TokenEncoder {
    /** rsync's CHUNK_SIZE: the longest literal run in one token. */
    public static final int CHUNK_SIZE = 32 * 1024;

    private final TransferSink sink;
    private final byte[] header = new byte[Int32.BYTES];

    public PlainTokenEncoder(TransferSink sink) {
        this.sink = sink;
    }

    @Override
    public void literal(FileWindow window, long offset, int literalLength) throws IOException {
        int done = 0;
        while (done < literalLength) {
            int n = Math.min(CHUNK_SIZE, literalLength - done);
            writeInt(n);
            int p = window.map(offset + done, n);
            sink.write(window.array(), p, n);
            done += n;
        }
    }

    @Override
    public void match(FileWindow window, long offset, int literalLength, int block, int blockLength)
            throws IOException {
        literal(window, offset, literalLength);
        writeInt(-(block + 1));
    }

    @Override
    public void end(FileWindow window, long offset, int literalLength) throws IOException {
        literal(window, offset, literalLength);
        writeInt(0);
    }

    /**
     * A whole file as literal data (no usable blocks): runs of at most 32 KiB read straight
     * into the sink, then the end token; the same stream as {@link #literal} plus {@link #end}.
     */
    void literalFile(StreamingFileReader reader, long length) throws IOException {
        if (length > 0 && sink.room(Int32.BYTES + 1) != null) {
            literalFileInPlace(reader, length);
            return;
        }
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(CHUNK_SIZE, length - done);
            writeInt(n);
            sink.writeDirect(n, reader);
            done += n;
        }
        writeInt(0);
    }

    /**
     * {@link #literalFile} in the sink's own buffers: each room gets the run headers written in
     * place and the data slices between them filled by one scattering read, so a 256 KiB chunk
     * costs one system call instead of one per 32 KiB run. The runs, and so the bytes, are the
     * same: a run that does not fit goes on at the start of the next room.
     */
    private void literalFileInPlace(StreamingFileReader reader, long length) throws IOException {
        long left = length;   // data bytes not yet laid out
        int runLeft = 0;      // of which still owed to the current run (its header is out)
        while (left > 0) {
            ByteBuffer room = sink.room(runLeft > 0 ? 1 : Int32.BYTES + 1);
            ByteBuffer[] slices = new ByteBuffer[2 + room.limit() / (CHUNK_SIZE + Int32.BYTES)];
            int pos = 0;
            int count = 0;
            while (left > 0 && room.limit() - pos > (runLeft > 0 ? 0 : Int32.BYTES)) {
                if (runLeft == 0) {
                    runLeft = (int) Math.min(CHUNK_SIZE, left);
                    Int32.put(room, pos, runLeft);
                    pos += Int32.BYTES;
                }
                int n = Math.min(runLeft, room.limit() - pos);
                slices[count++] = room.slice(pos, n);
                pos += n;
                runLeft -= n;
                left -= n;
            }
            reader.fill(slices, count);
            sink.commit(pos);
        }
        writeInt(0);
    }

    /**
     * A new file of {@code listedSize} bytes (at most one run), when it fits in the sink's current
     * room with its run header: one read of up to {@code listedSize + 1} bytes into the room; if it
     * returns exactly {@code listedSize} bytes, the run, the end token and the hash are done and
     * the length is returned. Otherwise -1: nothing written, committed or hashed (the channel's
     * position may have moved). The room is asked for as {@link #literalFile} asks for it, so
     * the chunks are cut where they would have been. Only where a read comes up short at the end
     * of a file alone ({@link SmallFileSizing#ONE_READ}): elsewhere a short read of a grown file
     * could return exactly {@code listedSize} bytes and be taken for the whole file.
     */
    long smallFileInPlace(FileChannel channel, long listedSize, MessageDigest sum) throws IOException {
        if (listedSize <= 0 || listedSize >= CHUNK_SIZE) {
            return -1;
        }
        ByteBuffer room = sink.room(Int32.BYTES + 1);
        if (room == null || room.limit() < Int32.BYTES + listedSize + 1) {
            return -1;
        }
        ByteBuffer data = room.slice(Int32.BYTES, (int) listedSize + 1);
        int n;
        try {
            n = channel.read(data);
        } catch (IOException e) {
            return -1; // the fstat and the usual read report it
        }
        if (n != listedSize) {
            return -1;
        }
        Int32.put(room, 0, n);
        sum.update(data.flip());
        sink.commit(Int32.BYTES + n);
        writeInt(0);
        return n;
    }

    private void writeInt(int v) throws IOException {
        Int32.put(header, 0, v);
        sink.write(header, 0, Int32.BYTES);
    }
}
