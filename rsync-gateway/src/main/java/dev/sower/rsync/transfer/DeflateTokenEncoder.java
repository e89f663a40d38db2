package dev.sower.rsync.transfer;

import dev.sower.rsync.transfer.wire.Int32;
import java.io.IOException;
import java.util.zip.Deflater;

/**
 * The zlib token stream of {@code -z} (token.c {@code send_deflated_token}), byte for byte as
 * rsync built against a system zlib writes it:
 * <ul>
 * <li>one raw deflate stream per file (window 2^15, memLevel 8, default strategy), reset at the
 * file's first token;</li>
 * <li>literal data is deflated in 32 KiB inputs into 16383-byte frames, each sent as
 * {@code DEFLATED_DATA | len >> 8, len & 0xFF, bytes}; before a token or the end the stream is
 * flushed with Z_SYNC_FLUSH and the flush's trailing {@code 00 00 FF FF} is not sent;</li>
 * <li>matched blocks are sent as runs: TOKEN_REL/TOKENRUN_REL with a 6-bit offset from the
 * previous run's end, else TOKEN_LONG/TOKENRUN_LONG with an int32, a run adding a 16-bit count
 * of further consecutive blocks;</li>
 * <li>with {@link Compression#ZLIB} each matched block is also pushed through the compressor in
 * pieces of at most 0xFFFF bytes (Z_SYNC_FLUSH, output discarded), because the receiver inserts
 * the same bytes into its inflater's history; {@link Compression#ZLIBX} skips that.</li>
 * </ul>
 * One instance per session: its deflater (about 270 KB of native memory) lives until
 * {@link #close()}.
 */
public final class DeflateTokenEncoder implements TokenEncoder, AutoCloseable {
    private static final int CHUNK_SIZE = PlainTokenEncoder.CHUNK_SIZE;
    private static final int MAX_DATA_COUNT = TokenFlag.MAX_DATA_COUNT;
    /** zlib's "0.1% + 12" output bound for one CHUNK_SIZE input, as token.c sizes it. */
    private static final int AVAIL_OUT_SIZE = CHUNK_SIZE * 1001 / 1000 + 16;
    private static final int HISTORY_PIECE = 0xFFFF;
    private static final int START_OF_FILE = -1;
    private static final int LITERAL_ONLY = -2;

    private final TransferSink sink;
    private final boolean feedMatchedData;
    private final boolean advanceFeedOffset;
    private final int level;
    private final Deflater deflater;
    private final byte[] obuf = new byte[MAX_DATA_COUNT + 2];
    private final byte[] discard = new byte[AVAIL_OUT_SIZE];
    private final byte[] small = new byte[Int32.BYTES + 1];
    private int currentLevel;
    private int nextFileLevel;
    private int lastToken = START_OF_FILE;
    private int runStart;
    private int lastRunEnd;
    private boolean flushPending;
    private int outPos;
    private int availOut;

    /**
     * @param sink        where the stream goes
     * @param compression {@link Compression#ZLIB} or {@link Compression#ZLIBX}
     * @param level       deflate level 1..9 ({@link Compression#DEFAULT_LEVEL} unless the client
     *                    asked for another)
     * @param protocol    the session's protocol; below 31 rsync feeds the first 0xFFFF bytes of a
     *                    long matched block repeatedly (a bug both sides share), from 31 on it
     *                    feeds the block's bytes in order
     */
    public DeflateTokenEncoder(TransferSink sink, Compression compression, int level, int protocol) {
        if (compression == Compression.NONE) {
            throw new IllegalArgumentException("use PlainTokenEncoder without compression");
        }
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("deflate level must be 0..9: " + level);
        }
        this.sink = sink;
        this.feedMatchedData = compression == Compression.ZLIB;
        this.advanceFeedOffset = protocol >= 31;
        this.level = level;
        this.currentLevel = level;
        this.nextFileLevel = level;
        this.deflater = new Deflater(level, true);
    }

    /**
     * Chooses the next file's deflate level: the session's level, or 0 (stored blocks, no CPU
     * spent compressing) for a file matching the skip-compress list. The receiver needs no
     * notice: any level inflates the same way.
     */
    public void lowCompressionForNextFile(boolean low) {
        nextFileLevel = low ? Deflater.NO_COMPRESSION : level;
    }

    @Override
    public void literal(FileWindow window, long offset, int literalLength) throws IOException {
        send(LITERAL_ONLY, window, offset, literalLength, 0);
    }

    @Override
    public void match(FileWindow window, long offset, int literalLength, int block, int blockLength)
            throws IOException {
        if (block < 0) {
            throw new IllegalArgumentException("negative block index " + block);
        }
        send(block, window, offset, literalLength, blockLength);
    }

    @Override
    public void end(FileWindow window, long offset, int literalLength) throws IOException {
        send(START_OF_FILE, window, offset, literalLength, 0);
    }

    private void send(int token, FileWindow window, long offset, int nb, int toklen) throws IOException {
        if (lastToken == START_OF_FILE) {
            startFile();
            lastRunEnd = 0;
            runStart = token;
            flushPending = false;
        } else if (lastToken == LITERAL_ONLY) {
            runStart = token;
        } else if (nb != 0 || token != lastToken + 1 || token >= runStart + 65536) {
            writeRun();
            lastRunEnd = lastToken;
            runStart = token;
        }
        lastToken = token;

        if (nb != 0 || flushPending) {
            offset = deflateLiteral(token, window, offset, nb);
            flushPending = token == LITERAL_ONLY;
        }

        if (token == START_OF_FILE) {
            small[0] = (byte) TokenFlag.END_FLAG.bits();
            sink.write(small, 0, 1);
        } else if (token != LITERAL_ONLY && feedMatchedData) {
            feedHistory(window, offset, toklen);
        }
    }

    private void startFile() {
        deflater.reset();
        availOut = 0;
        if (nextFileLevel != currentLevel) {
            deflater.setLevel(nextFileLevel);
            currentLevel = nextFileLevel;
            // the JDK applies a level change in a call of its own; make it now, on an empty stream
            deflater.deflate(discard, 0, discard.length, Deflater.NO_FLUSH);
        }
    }

    private void writeRun() throws IOException {
        int r = runStart - lastRunEnd;
        int n = lastToken - runStart;
        int len = 0;
        if (r >= 0 && r <= 63) {
            small[len++] = (byte) ((n == 0 ? TokenFlag.TOKEN_REL : TokenFlag.TOKENRUN_REL).bits() + r);
        } else {
            small[len++] = (byte) (n == 0 ? TokenFlag.TOKEN_LONG : TokenFlag.TOKENRUN_LONG).bits();
            Int32.put(small, len, runStart);
            len += Int32.BYTES;
        }
        sink.write(small, 0, len);
        if (n != 0) {
            small[0] = (byte) n;
            small[1] = (byte) (n >> 8);
            sink.write(small, 0, 2);
        }
    }

    /** Deflates {@code nb} bytes from {@code offset}; returns the offset after them. */
    private long deflateLiteral(int token, FileWindow window, long offset, int nb) throws IOException {
        int flush = Deflater.NO_FLUSH;
        availOut = 0;
        do {
            if (nb != 0 && deflater.needsInput()) {
                int n = Math.min(nb, CHUNK_SIZE);
                int p = window.map(offset, n);
                deflater.setInput(window.array(), p, n);
                nb -= n;
                offset += n;
            }
            if (availOut == 0) {
                outPos = 2;
                availOut = MAX_DATA_COUNT;
                if (flush != Deflater.NO_FLUSH) {
                    // the last 4 bytes of a full flushing frame were held back in case they
                    // were the flush marker: they start the next frame
                    System.arraycopy(obuf, MAX_DATA_COUNT - 2, obuf, 2, 4);
                    outPos += 4;
                    availOut -= 4;
                }
            }
            if (nb == 0 && token != LITERAL_ONLY) {
                flush = Deflater.SYNC_FLUSH;
            }
            int produced = deflater.deflate(obuf, outPos, availOut, flush);
            outPos += produced;
            availOut -= produced;
            if (nb == 0 || availOut == 0) {
                int n = MAX_DATA_COUNT - availOut;
                if (flush != Deflater.NO_FLUSH) {
                    n -= 4;
                }
                if (n > 0) {
                    obuf[0] = (byte) (TokenFlag.DEFLATED_DATA.bits() + (n >> 8));
                    obuf[1] = (byte) n;
                    sink.write(obuf, 0, n + 2);
                }
            }
        } while (nb != 0 || availOut == 0);
        return offset;
    }

    private void feedHistory(FileWindow window, long offset, int toklen) {
        do {
            int n1 = Math.min(toklen, HISTORY_PIECE);
            toklen -= n1;
            int p = window.map(offset, n1);
            deflater.setInput(window.array(), p, n1);
            if (advanceFeedOffset) {
                offset += n1;
            }
            int produced;
            do {
                produced = deflater.deflate(discard, 0, discard.length, Deflater.SYNC_FLUSH);
            } while (!deflater.needsInput() || produced == discard.length);
        } while (toklen > 0);
    }

    @Override
    public void close() {
        deflater.end();
    }
}
