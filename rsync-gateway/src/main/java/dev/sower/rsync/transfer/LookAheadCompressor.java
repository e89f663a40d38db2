package dev.sower.rsync.transfer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Compresses new files ({@code -z}, no block sums, no append) ahead of their turn, on a thread
 * other than the sending one, into memory. rsync resets its deflate stream at the start of
 * every file (token.c {@code send_deflated_token}: {@code deflateReset} when the last token
 * was -1), so such a file's token stream depends only on its bytes, its deflate level and the
 * session's settings: this makes exactly the bytes {@link FileSender} would write inline (same
 * {@link DeflateTokenEncoder}, same {@link BlockMatcher#sendLiteral} calls, same level for
 * skip-compress files).
 *
 * <p>Memory: one deflater (~270 KB native), a window of {@link TransferSettings#minimumWindow()}
 * bytes, and the output of the file in hand, at most {@code maxOutput} bytes: past that the file
 * is given up ({@code null}) and the session sends it inline. Not thread-safe: one file at a
 * time, on one thread at a time.
 */
public final class LookAheadCompressor implements AutoCloseable {
    private final TransferSettings settings;
    private final BoundedMemorySink sink;
    private final MessageDigest fileSum = BlockDigest.newMd5();
    private final BlockDigest unusedBlockDigest;
    private byte[] windowBuf;
    private DeflateTokenEncoder encoder;

    /**
     * @param settings  the session's settings (compression must not be NONE)
     * @param maxOutput bytes of token stream one file may take before it is given up
     */
    public LookAheadCompressor(TransferSettings settings, int maxOutput) {
        if (settings.compression() == Compression.NONE) {
            throw new IllegalArgumentException("nothing to compress ahead without -z");
        }
        this.settings = settings;
        this.sink = new BoundedMemorySink(maxOutput);
        this.unusedBlockDigest = new BlockDigest(settings.checksumSeed(), settings.seedOrder());
        this.encoder = newEncoder();
    }

    private DeflateTokenEncoder newEncoder() {
        return new DeflateTokenEncoder(sink, settings.compression(), settings.compressionLevel(),
                settings.protocol());
    }

    /**
     * Makes the stream of {@code length} bytes of {@code channel}, the data part of what
     * {@link FileSender#sendFrom} writes for a request without block sums.
     *
     * @param lowCompression the file matches the skip-compress list (level 0)
     * @param cancelled      polled while reading and writing; when true the work stops
     * @return the stream, or {@code null} when it would exceed the bound, a read failed or the
     *     file was shorter than {@code length} (the inline send then reports that as today)
     * @throws CancellationException when {@code cancelled} turned true
     * @throws IOException           when the channel fails outside reading its bytes
     */
    public PrecompressedFile compress(FileChannel channel, long length, boolean lowCompression,
            BooleanSupplier cancelled) throws IOException {
        if (windowBuf == null) {
            windowBuf = new byte[TransferSettings.minimumWindow()];
        }
        FileWindow window = new FileWindow(channel, length, windowBuf);
        window.beforeSlide(() -> {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("look-ahead cancelled");
            }
        });
        sink.clear();
        fileSum.reset();
        encoder.lowCompressionForNextFile(lowCompression);
        BlockMatcher matcher = new BlockMatcher(window, encoder, fileSum::update, unusedBlockDigest);
        boolean finished = false;
        try {
            matcher.sendLiteral(0);
            finished = true;
        } catch (BoundedMemorySink.Overflow e) {
            return null;
        } finally {
            if (!finished) {
                // the encoder stopped inside a file: start the next one from a fresh stream
                encoder.close();
                encoder = newEncoder();
                sink.clear();
            }
        }
        if (window.readError() != null) {
            sink.clear();
            return null;
        }
        int n = sink.size();
        byte[] tokens = sink.take();
        FileSendResult r = new FileSendResult(length, matcher.literalBytes(), matcher.matchedBytes(),
                matcher.matches(), matcher.falseAlarms(), null);
        return new PrecompressedFile(r, tokens, n, fileSum.digest());
    }

    @Override
    public void close() {
        encoder.close();
    }
}
