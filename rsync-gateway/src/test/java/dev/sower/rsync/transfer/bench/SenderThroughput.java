package dev.sower.rsync.transfer.bench;

import dev.sower.rsync.transfer.BlockDigest;
import dev.sower.rsync.transfer.BlockSums;
import dev.sower.rsync.transfer.Compression;
import dev.sower.rsync.transfer.FileRequest;
import dev.sower.rsync.transfer.FileSendResult;
import dev.sower.rsync.transfer.FileSender;
import dev.sower.rsync.transfer.SeedOrder;
import dev.sower.rsync.transfer.SumHead;
import dev.sower.rsync.transfer.TransferSettings;
import dev.sower.rsync.transfer.TransferSink;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/**
 * Single-thread throughput of {@link FileSender} from the page cache into a discarding sink:
 * the sender's CPU cost per byte, without network or session. Not a test; run by hand (see
 * bench/README.md):
 * {@code java -cp rsync-gateway/target/classes:rsync-gateway/target/test-classes
 * dev.sower.rsync.transfer.bench.SenderThroughput [MiB]}.
 */
public final class SenderThroughput {
    private SenderThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        Path dir = Files.createTempDirectory("sender-bench");
        try {
            Random r = new Random(1);
            byte[] data = new byte[mib << 20];
            r.nextBytes(data);
            // make half of it compressible text (words), the other half stays incompressible
            String[] words = {"alpha ", "beta ", "gamma ", "delta ", "rsync ", "sower ", "block ", "\n"};
            for (int i = 0; i < data.length / 2;) {
                byte[] w = words[r.nextInt(words.length)].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                int n = Math.min(w.length, data.length / 2 - i);
                System.arraycopy(w, 0, data, i, n);
                i += n;
            }
            Path f = dir.resolve("data");
            Files.write(f, data);
            byte[] edited = data.clone();
            for (int i = 0; i < edited.length; i += edited.length / 100) {
                edited[i] ^= 1; // 1% of blocks touched
            }
            int blength = (int) Math.min(131072, Math.max(700, (long) Math.sqrt(data.length) & ~7));
            BlockDigest digest = new BlockDigest(7, SeedOrder.SEED_FIRST);
            BlockSums same = BlockSums.compute(data, blength, 2, digest);
            BlockSums touched = BlockSums.compute(edited, blength, 2, digest);
            for (int round = 0; round < 2; round++) {
                run("new file, plain", f, BlockSums.none(SumHead.EMPTY), Compression.NONE, mib);
                run("new file, -z", f, BlockSums.none(SumHead.EMPTY), Compression.ZLIB, mib);
                run("new file, -z skip", f, BlockSums.none(SumHead.EMPTY), Compression.ZLIB, mib, true);
                run("unchanged, plain", f, same, Compression.NONE, mib);
                run("1% edited, plain", f, touched, Compression.NONE, mib);
                run("1% edited, -z", f, touched, Compression.ZLIB, mib);
            }
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static void run(String what, Path f, BlockSums sums, Compression c, int mib) throws Exception {
        run(what, f, sums, c, mib, false);
    }

    private static void run(String what, Path f, BlockSums sums, Compression c, int mib, boolean low)
            throws Exception {
        long[] out = {0};
        TransferSink sink = new TransferSink() {
            @Override
            public void write(byte[] b, int off, int len) {
                out[0] += len;
            }

            @Override
            public void flush() {
            }
        };
        long t0 = System.nanoTime();
        FileSendResult res;
        try (FileSender s = new FileSender(TransferSettings.of(7, c), sink);
                FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            res = s.send(ch, sums, new FileRequest(false, dev.sower.rsync.transfer.AppendMode.OFF, low));
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%-18s %7.1f MiB/s  sent %6.1f MiB  literal %6.1f MiB  matched %6.1f MiB%n", what,
                mib / sec, out[0] / 1048576.0, res.literalBytes() / 1048576.0, res.matchedBytes() / 1048576.0);
    }
}
