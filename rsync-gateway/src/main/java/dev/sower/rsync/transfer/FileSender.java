package dev.sower.rsync.transfer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;

/**
 * Sends files' data for one session, the part of rsync's {@code send_files} after the file
 * index and item flags: the sum head echo, the token stream and the whole-file MD5
 * (match.c {@code match_sums}).
 *
 * <p>Runs on a worker thread, never an I/O thread: it reads the file in large positional reads
 * through a bounded {@link FileWindow}, hashes, compresses, and blocks in the
 * {@link TransferSink} when the client is slow. Memory per session is the window, the
 * deflater and the sink's buffers, whatever the file size. Not thread-safe: one file at a
 * time.
 */
public final class FileSender implements AutoCloseable {
    private final TransferSettings settings;
    private final TransferSink sink;
    private final TokenEncoder encoder;
    private final SmallFileSizing sizing;
    private final BlockDigest blockDigest;
    private final MessageDigest fileSum = BlockDigest.newMd5();
    private final byte[] sumOut = new byte[BlockDigest.LENGTH];
    private byte[] windowBuf;
    /** The whole-file MD5 of {@code -z} sessions, off the deflating thread; made when first used. */
    private BackgroundMd5 backgroundSum;

    /** A sender that always asks a file's length ({@link SmallFileSizing#FSTAT}). */
    public FileSender(TransferSettings settings, TransferSink sink) {
        this(settings, sink, SmallFileSizing.FSTAT);
    }

    /** A sender whose {@link #sendOpened} sizes small new files as {@code sizing} says. */
    public FileSender(TransferSettings settings, TransferSink sink, SmallFileSizing sizing) {
        this.settings = settings;
        this.sink = sink;
        this.sizing = sizing;
        this.encoder = settings.compression() == Compression.NONE ? new PlainTokenEncoder(sink)
                : new DeflateTokenEncoder(sink, settings.compression(), settings.compressionLevel(),
                        settings.protocol());
        this.blockDigest = new BlockDigest(settings.checksumSeed(), settings.seedOrder());
    }

    /**
     * Sends one file.
     *
     * @param channel        the file, open read-only; its size now is the size sent
     * @param sums           the receiver's sum head and block sums (use {@link BlockSums#none}
     *                       for a count of 0)
     * @param request        per-file choices
     * @return what was sent; a read error is reported, not thrown
     * @throws IOException when the sink fails (the session is gone) or the file's size cannot
     *                     be read
     */
    public FileSendResult send(FileChannel channel, BlockSums sums, FileRequest request) throws IOException {
        return send(channel, sums.head(), sums, request);
    }

    /**
     * Sends one file in append mode, where the receiver sends only a sum head describing the
     * length it already has.
     */
    public FileSendResult sendAppend(FileChannel channel, SumHead head, FileRequest request) throws IOException {
        if (request.append() == AppendMode.OFF) {
            throw new IllegalArgumentException("append mode is off");
        }
        return send(channel, head, null, request);
    }

    private FileSendResult send(FileChannel channel, SumHead head, BlockSums sums, FileRequest request)
            throws IOException {
        return sendFrom(channel, channel.size(), head, sums, request);
    }

    /**
     * Sends {@code length} bytes of the channel, the length the session saw when it opened the
     * file (rsync's {@code fstat} after {@code open}); the file may have changed since.
     *
     * @param sums the block sums, or {@code null} in append mode
     */
    public FileSendResult sendFrom(FileChannel channel, long length, SumHead head, BlockSums sums,
            FileRequest request) throws IOException {
        return sendFrom(channel, length, head, sums, request, false);
    }

    /**
     * {@link #sendFrom} for a channel just opened, nothing read from it yet: its position is 0,
     * so reading it front to back needs no seek first.
     */
    public FileSendResult sendFromOpened(FileChannel channel, long length, SumHead head, BlockSums sums,
            FileRequest request) throws IOException {
        return sendFrom(channel, length, head, sums, request, true);
    }

    /**
     * {@link #sendFromOpened} without asking the length first: a small new file (no block sums,
     * no append, plain tokens) that fits in the sink's current room with its run header is read
     * with one read of up to {@code listedSize + 1} bytes, and when that read returns exactly
     * {@code listedSize} bytes they are the file (the {@code fstat} would have said the same; a
     * file that grew or shrank since the listing returns another count). Otherwise, or when the
     * read fails, nothing is written or hashed for that read and the file goes as
     * {@link #sendFromOpened} sends it with the length {@code channel.size()} (rsync's
     * {@code fstat}). The bytes are the same either way. Only with
     * {@link SmallFileSizing#ONE_READ}: with {@link SmallFileSizing#FSTAT} every file goes as
     * {@link #sendFromOpened} sends it.
     *
     * @param listedSize the size in the file list
     */
    public FileSendResult sendOpened(FileChannel channel, long listedSize, SumHead head, BlockSums sums,
            FileRequest request) throws IOException {
        if (sizing != SmallFileSizing.ONE_READ || !(encoder instanceof PlainTokenEncoder)
                || request.append() != AppendMode.OFF || head.count() != 0 || sums == null) {
            return sendFrom(channel, channel.size(), head, sums, request, true);
        }
        checkSums(head, sums);
        sink.write(head.encode(), 0, SumHead.BYTES);
        fileSum.reset();
        long n = ((PlainTokenEncoder) encoder).smallFileInPlace(channel, listedSize, fileSum);
        if (n < 0) {
            // undecided: the channel may have moved on, so the reader seeks back to 0 first
            return sendLiteralFile(channel, channel.size(), false);
        }
        digestFileSum();
        finishWith(null);
        return new FileSendResult(n, n, 0, 0, 0, null);
    }

    private void checkSums(SumHead head, BlockSums sums) {
        if (sums != null && !sums.head().equals(head)) {
            throw new IllegalArgumentException("block sums do not belong to " + head);
        }
    }

    /** After the sum head: a new file as literal data read straight into the sink. */
    private FileSendResult sendLiteralFile(FileChannel channel, long len, boolean atStart)
            throws IOException {
        StreamingFileReader reader = new StreamingFileReader(channel, len, fileSum, atStart);
        ((PlainTokenEncoder) encoder).literalFile(reader, len);
        digestFileSum();
        finishWith(reader.readError());
        return new FileSendResult(len, len, 0, 0, 0, reader.readError());
    }

    private FileSendResult sendFrom(FileChannel channel, long length, SumHead head, BlockSums sums,
            FileRequest request, boolean atStart) throws IOException {
        checkSums(head, sums);
        if (sums == null && request.append() == AppendMode.OFF) {
            throw new IllegalArgumentException("block sums are required outside append mode");
        }
        if (length < 0) {
            throw new IllegalArgumentException("negative file length " + length);
        }
        long len = length;
        if (encoder instanceof DeflateTokenEncoder deflate) {
            deflate.lowCompressionForNextFile(request.lowCompression());
        }
        sink.write(head.encode(), 0, SumHead.BYTES);

        fileSum.reset();
        if (encoder instanceof PlainTokenEncoder && request.append() == AppendMode.OFF
                && (len == 0 || head.count() == 0)) {
            // nothing to match: the file goes from the page cache into the sink in one copy
            return sendLiteralFile(channel, len, atStart);
        }
        FileWindow window = new FileWindow(channel, len, windowFor(len));
        BackgroundMd5 bg = encoder instanceof DeflateTokenEncoder ? backgroundSum() : null;
        BlockMatcher.SumInput sumInput = fileSum::update;
        if (bg != null) {
            bg.reset();
            window.beforeSlide(bg::await);
            sumInput = bg::update;
        }
        BlockMatcher matcher = new BlockMatcher(window, encoder, sumInput, blockDigest);
        if (request.append() != AppendMode.OFF) {
            long have = Math.min(head.basisLength(), len);
            if (request.append() == AppendMode.APPEND_VERIFY) {
                matcher.sumPrefix(have);
            }
            matcher.sendLiteral(have);
        } else if (len > 0 && head.count() > 0) {
            matcher.search(sums, request.updatingBasis());
        } else {
            matcher.sendLiteral(0);
        }

        if (bg != null) {
            bg.digest(sumOut);
        } else {
            digestFileSum();
        }
        finishWith(window.readError());
        return new FileSendResult(len, matcher.literalBytes(), matcher.matchedBytes(), matcher.matches(),
                matcher.falseAlarms(), window.readError());
    }

    /**
     * Sends a new file whose token stream was made ahead by {@link LookAheadCompressor}: the
     * sum head echo, the stream and its whole-file MD5, the bytes {@link #sendFrom} would have
     * written for the same file data without block sums.
     */
    public FileSendResult sendPrecompressed(SumHead head, PrecompressedFile file) throws IOException {
        if (head.count() != 0) {
            throw new IllegalArgumentException("a precompressed file has no block sums: " + head);
        }
        sink.write(head.encode(), 0, SumHead.BYTES);
        sink.write(file.tokens(), 0, file.tokenLength());
        sink.write(file.fileSum(), 0, BlockDigest.LENGTH);
        sink.flush();
        return file.result();
    }

    private BackgroundMd5 backgroundSum() {
        if (backgroundSum == null) {
            backgroundSum = new BackgroundMd5();
        }
        return backgroundSum;
    }

    private void digestFileSum() {
        try {
            fileSum.digest(sumOut, 0, BlockDigest.LENGTH);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the whole-file sum in {@code sumOut} (spoiled after a read error) and flushes. */
    private void finishWith(IOException readError) throws IOException {
        if (readError != null) {
            spoil(sumOut);
        }
        sink.write(sumOut, 0, BlockDigest.LENGTH);
        sink.flush();
    }

    /** All zeros, unless the real sum is all zeros: then the last byte is 1 (match.c). */
    private static void spoil(byte[] sum) {
        boolean allZero = true;
        for (byte b : sum) {
            allZero &= b == 0;
        }
        java.util.Arrays.fill(sum, (byte) 0);
        if (allZero) {
            sum[sum.length - 1] = 1;
        }
    }

    /** The session's window buffer, grown to what this file needs, never beyond the settings. */
    private byte[] windowFor(long len) {
        int want = (int) Math.min(settings.windowCapacity(), Math.max(TransferSettings.minimumWindow(), len));
        if (windowBuf == null || windowBuf.length < want) {
            windowBuf = new byte[want];
        }
        return windowBuf;
    }

    @Override
    public void close() {
        if (encoder instanceof DeflateTokenEncoder deflate) {
            deflate.close();
        }
        if (backgroundSum != null) {
            backgroundSum.close();
        }
    }
}
