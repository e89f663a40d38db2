package dev.sower.rsync.transfer;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A file's whole-file MD5 computed on a thread of its own while the sending thread deflates.
 * With {@code -z} the sender is bound by zlib and MD5 is most of the rest of its work; moving
 * it to a second thread lets another core take that share (a native rsync does both in one).
 *
 * <p>Updates refer to the caller's array, not a copy: the caller must call {@link #await()}
 * before it changes bytes it has handed over ({@link FileWindow} does before it slides).
 * Contiguous updates are gathered into hand-offs of up to {@link #BATCH} bytes. The thread
 * exits when idle for a few seconds, so a session that never closes this leaks nothing.
 * Used by one sending thread at a time.
 */
final class BackgroundMd5 implements AutoCloseable {
    static final int BATCH = 256 * 1024;
    private final MessageDigest md5 = BlockDigest.newMd5();
    private final ThreadPoolExecutor hasher;
    private byte[] pendingArray;
    private int pendingOff;
    private int pendingLen;
    private Future<?> last;

    BackgroundMd5() {
        hasher = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "rsync-md5");
            t.setDaemon(true);
            return t;
        });
        hasher.allowCoreThreadTimeOut(true);
    }

    /** Starts a new sum. */
    void reset() {
        await();
        md5.reset();
    }

    /** Adds {@code b[off, off + len)}, which must stay unchanged until the next {@link #await()}. */
    void update(byte[] b, int off, int len) {
        if (len == 0) {
            return;
        }
        if (b == pendingArray && off == pendingOff + pendingLen) {
            pendingLen += len;
        } else {
            submitPending();
            pendingArray = b;
            pendingOff = off;
            pendingLen = len;
        }
        if (pendingLen >= BATCH) {
            submitPending();
        }
    }

    /** Returns once every byte handed over so far is in the sum: the arrays may change again. */
    void await() {
        submitPending();
        if (last == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                last.get();
                break;
            } catch (InterruptedException e) {
                // the hasher is reading the caller's bytes: wait for it (at most a batch)
                interrupted = true;
            } catch (ExecutionException e) {
                throw new IllegalStateException("MD5 failed", e.getCause());
            }
        }
        last = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes the sum into {@code out[0, 16)} and starts a new one. */
    void digest(byte[] out) {
        await();
        try {
            md5.digest(out, 0, BlockDigest.LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    private void submitPending() {
        if (pendingLen > 0) {
            byte[] a = pendingArray;
            int off = pendingOff;
            int len = pendingLen;
            last = hasher.submit(() -> md5.update(a, off, len));
        }
        pendingArray = null;
        pendingLen = 0;
    }

    @Override
    public void close() {
        hasher.shutdown();
    }
}
