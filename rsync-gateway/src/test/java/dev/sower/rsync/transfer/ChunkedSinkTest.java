package dev.sower.rsync.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ChunkedSinkTest {
    @TempDir
    Path dir;

    @Test
    void gathersBytesIntoChunksAndFlushesTheRest() throws Exception {
        BlockingQueue<ChunkedSink.Chunk> out = new LinkedBlockingQueue<>();
        ChunkedSink sink = new ChunkedSink(4, 3, out::add);
        sink.write(new byte[] {1, 2, 3}, 0, 3);
        assertThat(out).isEmpty();
        sink.write(new byte[] {4, 5, 6}, 0, 3);
        assertThat(out).hasSize(1);
        ChunkedSink.Chunk first = out.take();
        assertThat(first.length()).isEqualTo(4);
        assertThat(first.bytes()).containsExactly(1, 2, 3, 4);
        sink.flush();
        ChunkedSink.Chunk second = out.take();
        assertThat(second.length()).isEqualTo(2);
        assertThat(second.bytes()[0]).isEqualTo((byte) 5);
        sink.flush();
        assertThat(out).as("nothing left to flush").isEmpty();
        sink.recycle(first);
        sink.recycle(second);
        assertThat(sink.freeChunks()).isEqualTo(3);
    }

    @Test
    void headroomIsLeftFreeInEveryChunk() throws Exception {
        BlockingQueue<ChunkedSink.Chunk> out = new LinkedBlockingQueue<>();
        ChunkedSink sink = new ChunkedSink(6, 2, 2, out::add);
        sink.flush();
        assertThat(out).as("headroom alone is nothing to send").isEmpty();
        sink.write(new byte[] {1, 2, 3, 4, 5}, 0, 5);
        ChunkedSink.Chunk first = out.take();
        assertThat(first.length()).isEqualTo(6);
        assertThat(first.bytes()).containsExactly(0, 0, 1, 2, 3, 4);
        sink.flush();
        ChunkedSink.Chunk second = out.take();
        assertThat(second.length()).isEqualTo(3);
        assertThat(second.bytes()[2]).isEqualTo((byte) 5);
    }

    @Test
    void writeDirectFillsChunkSpaceAfterTheHeadroomAcrossChunks() throws Exception {
        BlockingQueue<ChunkedSink.Chunk> out = new LinkedBlockingQueue<>();
        ChunkedSink sink = new ChunkedSink(6, 2, 2, out::add);
        sink.write(new byte[] {9}, 0, 1);
        byte[] next = {1};
        List<Integer> pieces = new ArrayList<>();
        sink.writeDirect(7, dst -> {
            pieces.add(dst.remaining());
            while (dst.hasRemaining()) {
                dst.put(next[0]++);
            }
        });
        assertThat(pieces).as("one call per chunk's free space").containsExactly(3, 4);
        ChunkedSink.Chunk first = out.take();
        assertThat(first.bytes()).containsExactly(0, 0, 9, 1, 2, 3);
        ChunkedSink.Chunk second = out.take();
        assertThat(second.length()).isEqualTo(6);
        assertThat(second.bytes()).containsExactly(0, 0, 4, 5, 6, 7);
        assertThat(second.buffer().isDirect()).isTrue();
    }

    @Test
    void roomIsTheCurrentChunksFreeSpaceAndCommitAddsItsBytes() throws Exception {
        BlockingQueue<ChunkedSink.Chunk> out = new LinkedBlockingQueue<>();
        ChunkedSink sink = new ChunkedSink(8, 2, 2, out::add);
        sink.write(new byte[] {9}, 0, 1);
        ByteBuffer room = sink.room(1);
        assertThat(room.position()).isZero();
        assertThat(room.limit()).isEqualTo(5);
        room.put(0, (byte) 1).put(1, (byte) 2).put(2, (byte) 3);
        sink.commit(3);
        assertThat(out).as("2 bytes still free").isEmpty();
        ByteBuffer next = sink.room(3);
        ChunkedSink.Chunk first = out.take();
        assertThat(first.length()).as("too little room: the chunk goes out short").isEqualTo(6);
        assertThat(first.bytes()).startsWith(0, 0, 9, 1, 2, 3);
        assertThat(next.limit()).isEqualTo(6);
        next.put(0, (byte) 4);
        assertThatThrownBy(() -> sink.commit(7)).isInstanceOf(IllegalArgumentException.class);
        sink.commit(6);
        ChunkedSink.Chunk second = out.take();
        assertThat(second.length()).as("a full chunk goes out at once").isEqualTo(8);
        assertThat(second.bytes()[2]).isEqualTo((byte) 4);
        sink.recycle(first);
        sink.recycle(second);
        assertThat(sink.room(6).limit()).isEqualTo(6);
        sink.commit(0);
        sink.flush();
        assertThat(out).as("nothing committed, nothing sent").isEmpty();
        assertThatThrownBy(() -> sink.room(7)).as("more than a chunk holds")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Timeout(30)
    void slowConsumerBlocksTheSenderWithBoundedMemory() throws Exception {
        byte[] data = new byte[8 << 20];
        new Random(1).nextBytes(data);
        Path f = dir.resolve("big");
        Files.write(f, data);
        BlockingQueue<ChunkedSink.Chunk> inFlight = new LinkedBlockingQueue<>();
        ChunkedSink sink = new ChunkedSink(32 * 1024, 4, inFlight::add);
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            Future<FileSendResult> done = worker.submit(() -> {
                try (FileSender sender = new FileSender(TransferSettings.of(0, Compression.NONE), sink);
                        FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                    return sender.send(ch, BlockSums.none(SumHead.EMPTY), FileRequest.DEFAULT);
                }
            });
            // nobody consumes: the sender stops once the 4 chunks are handed over
            Thread.sleep(300);
            assertThat(done.isDone()).isFalse();
            assertThat(inFlight).hasSize(4);
            assertThat(sink.freeChunks()).isZero();
            // now consume slowly, never more than 4 chunks outstanding
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            while (!done.isDone() || !inFlight.isEmpty()) {
                ChunkedSink.Chunk c = inFlight.poll(50, TimeUnit.MILLISECONDS);
                if (c != null) {
                    assertThat(inFlight.size()).isLessThanOrEqualTo(3);
                    received.write(c.bytes(), 0, c.length());
                    sink.recycle(c);
                }
            }
            assertThat(done.get().complete()).isTrue();
            ReceiverMirror.Decoded d = ReceiverMirror.decode(received.toByteArray(), 0, new byte[0],
                    Compression.NONE);
            assertThat(d.file()).isEqualTo(data);
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    @Timeout(10)
    void failingTheSinkReleasesABlockedWriter() throws Exception {
        ChunkedSink sink = new ChunkedSink(2, 1, c -> { });
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            Future<?> writer = worker.submit(() -> {
                sink.write(new byte[10], 0, 10);
                return null;
            });
            Thread.sleep(100);
            assertThat(writer.isDone()).isFalse();
            sink.fail(new IOException("client disconnected"));
            assertThatThrownBy(writer::get).hasRootCauseMessage("client disconnected");
        } finally {
            worker.shutdownNow();
        }
    }
}
