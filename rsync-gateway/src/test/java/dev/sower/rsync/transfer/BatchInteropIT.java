package dev.sower.rsync.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real rsync binary as the reference sender: {@code rsync --only-write-batch} records, in
 * the batch file, exactly the bytes its sender writes for each file (sum head echo, token
 * stream, file sum) in the MD5/zlib dialect it forces for batches. This test recomputes the
 * receiver's block sums from the same basis files with the batch's seed and sum heads, runs
 * {@link FileSender} on the same sources, and requires every file's stream to be identical to
 * rsync's, byte for byte, plain and {@code -z}. A second check has the real receiver
 * ({@code rsync --read-batch}) apply a batch whose streams were all written by {@link FileSender}.
 */
class BatchInteropIT {
    private static final int SEED = 0x5EED1234;

    @TempDir
    Path tmp;
    Path src;
    Path dst;

    @BeforeEach
    void trees() throws IOException {
        src = Files.createDirectories(tmp.resolve("src"));
        dst = Files.createDirectories(tmp.resolve("dst"));
        Random r = new Random(42);
        byte[] rnd = bytes(r, 300_000);
        byte[] text = text(r, 1_500_000);
        // new files: no basis
        put("new-random.bin", bytes(r, 200_000), null);
        put("new-text.txt", text(r, 100_000), null);
        put("new-empty", new byte[0], null);
        // the same on both sides (-I forces the transfer)
        put("same.bin", rnd, rnd);
        // appended, truncated, middle edit, reordered blocks
        put("appended.bin", concat(rnd, bytes(r, 50_000)), rnd);
        put("truncated.bin", Arrays.copyOf(rnd, 123_457), rnd);
        byte[] edited = rnd.clone();
        for (int i = 150_000; i < 150_100; i++) {
            edited[i] ^= 0x5A;
        }
        put("edited.bin", edited, rnd);
        put("reordered.bin", concat(Arrays.copyOfRange(rnd, 140_000, 300_000), Arrays.copyOf(rnd, 140_000)), rnd);
        // compressible text with scattered edits: literal runs span many deflate frames
        byte[] textEdited = text.clone();
        for (int i = 1000; i < textEdited.length; i += 97_003) {
            System.arraycopy("<<edited>>".getBytes(StandardCharsets.US_ASCII), 0, textEdited, i, 10);
        }
        put("text-edited.txt", concat(textEdited, text(r, 40_000)), text);
        // long text blocks followed by text: the literal's compression depends on the history
        byte[] longText = text(r, 400_000);
        put("long-text.txt", concat(Arrays.copyOf(longText, 262_144), text(r, 50_000)), longText);
        // identical blocks everywhere: every block has the same weak and strong sums
        put("zeros.bin", new byte[600_000], new byte[400_000]);
        byte[] mostlyZero = new byte[500_000];
        System.arraycopy(rnd, 0, mostlyZero, 250_000, 3000);
        put("mostly-zero.bin", mostlyZero, new byte[500_000]);
        // shorter than one block
        put("tiny.txt", "hello, world\n".getBytes(StandardCharsets.US_ASCII), "hello\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static final String[] ALL = {"new-random.bin", "new-text.txt", "new-empty", "same.bin",
        "appended.bin", "truncated.bin", "edited.bin", "reordered.bin", "text-edited.txt", "zeros.bin",
        "mostly-zero.bin", "tiny.txt", "long-text.txt"};

    /** How the sender treats the receiver's basis, from the client's options. */
    private enum Mode {
        DELTA, INPLACE, APPEND, APPEND_VERIFY
    }

    @Test
    void plainStreamsAreByteIdenticalToRsyncs() throws Exception {
        compareWithRsync(Compression.NONE, Mode.DELTA, ALL);
    }

    @Test
    void zlibStreamsAreByteIdenticalToRsyncs() throws Exception {
        compareWithRsync(Compression.ZLIB, Mode.DELTA, ALL);
    }

    @Test
    void zlibWithMaximalBlocksFeedsHistoryInPiecesLikeRsync() throws Exception {
        // 128 KiB blocks are fed into the deflater in two pieces (0xFFFF + 1)
        compareWithRsync(Compression.ZLIB, Mode.DELTA, ALL, "--block-size=131072");
    }

    @Test
    void protocol30FeedsTheFirstPieceOfLongBlocksRepeatedlyLikeRsync() throws Exception {
        // below protocol 31 rsync re-feeds the first 0xFFFF bytes of a 128 KiB block (and its
        // receiver re-inserts them): a bug both sides share, so the sender must copy it
        compareWithRsync(Compression.ZLIB, Mode.DELTA, ALL, "--block-size=131072", "--protocol=30");
    }

    @Test
    void inplaceStreamsAreByteIdenticalToRsyncs() throws Exception {
        // the receiver overwrites its basis: used blocks must lie ahead, same-offset blocks win
        compareWithRsync(Compression.NONE, Mode.INPLACE, ALL, "--inplace");
        compareWithRsync(Compression.ZLIB, Mode.INPLACE, ALL, "--inplace");
    }

    @Test
    void appendStreamsAreByteIdenticalToRsyncs() throws Exception {
        // files the receiver already has at full length are skipped by its generator
        String[] grown = {"new-random.bin", "new-text.txt", "new-empty", "appended.bin", "text-edited.txt",
            "zeros.bin", "tiny.txt"};
        compareWithRsync(Compression.NONE, Mode.APPEND, grown, "--append");
        compareWithRsync(Compression.ZLIB, Mode.APPEND_VERIFY, grown, "--append-verify");
    }

    @Test
    void fileListChecksumsOfDashCEqualRsyncs() throws Exception {
        Path batchFile = tmp.resolve("b-c");
        Result res = run("rsync", "--only-write-batch=" + batchFile, "--protocol=31", "--no-inc-recursive", "-rc",
                src + "/", dst + "/");
        assertThat(res.code).as(res.output).isZero();
        RsyncBatch batch = new RsyncBatch(Files.readAllBytes(batchFile));
        WholeFileChecksum sum = new WholeFileChecksum(1 << 20);
        int regular = 0;
        for (RsyncBatch.Entry e : batch.files) {
            if (e.isRegular()) {
                regular++;
                try (FileChannel ch = FileChannel.open(src.resolve(e.name()), StandardOpenOption.READ)) {
                    assertThat(sum.of(ch, e.size())).as(e.name()).isEqualTo(e.checksum());
                }
            }
        }
        assertThat(regular).isEqualTo(ALL.length);
    }

    @Test
    void realReceiverAppliesOurStreams() throws Exception {
        // lowCompression (level 0) is where Sower deliberately differs from rsync's bytes
        for (boolean low : new boolean[] {false, true}) {
            Path batch = writeBatch(Compression.ZLIB, "b-apply-" + low);
            byte[] ours = rewriteWithOurStreams(new RsyncBatch(Files.readAllBytes(batch)), Compression.ZLIB, low);
            Files.write(batch, ours);
            Path out = Files.createDirectories(tmp.resolve("apply-" + low));
            copyTree(dst, out);
            Result res = run("rsync", "--read-batch=" + batch, "--protocol=31", "-rI", "--no-inc-recursive",
                    out + "/");
            assertThat(res.code).as(res.output).isZero();
            try (var files = Files.list(src)) {
                for (Path f : files.toList()) {
                    assertThat(out.resolve(f.getFileName())).as("%s (low=%s)", f.getFileName(), low)
                            .hasSameBinaryContentAs(f);
                }
            }
        }
    }

    private void compareWithRsync(Compression compression, Mode mode, String[] expected, String... extra)
            throws Exception {
        RsyncBatch batch = new RsyncBatch(Files.readAllBytes(writeBatch(compression, "b", extra)));
        assertThat(batch.protocol).isEqualTo(List.of(extra).contains("--protocol=30") ? 30 : 31);
        assertThat(batch.seed).isEqualTo(SEED);
        SeedOrder order = SeedOrder.forSeedFix((batch.compatFlags & RsyncBatch.CF_CHKSUM_SEED_FIX) != 0);
        List<String> checked = new ArrayList<>();
        TransferSettings settings = new TransferSettings(batch.protocol, batch.seed, order, compression,
                Compression.DEFAULT_LEVEL, FileWindow.DEFAULT_CAPACITY);
        TestFiles.ByteSink sink = new TestFiles.ByteSink();
        try (FileSender sender = new FileSender(settings, sink)) {
            batch.items(item -> {
                String name = batch.files.get(item.ndx()).name();
                SumHead head = headAt(batch.bytes, item.dataStart());
                try {
                    sink.out.reset();
                    if (mode == Mode.APPEND || mode == Mode.APPEND_VERIFY) {
                        try (FileChannel ch = FileChannel.open(src.resolve(name), StandardOpenOption.READ)) {
                            sender.sendAppend(ch, head, new FileRequest(false,
                                    mode == Mode.APPEND ? AppendMode.APPEND : AppendMode.APPEND_VERIFY, false));
                        }
                    } else {
                        boolean inplace = mode == Mode.INPLACE && item.basisType() == RsyncBatch.FNAMECMP_FNAME;
                        sendOurs(sender, name, head, order, batch.seed, false, inplace);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                byte[] ours = sink.bytes();
                byte[] theirs = Arrays.copyOfRange(batch.bytes, item.dataStart(),
                        Math.min(batch.bytes.length, item.dataStart() + ours.length));
                int diff = Arrays.mismatch(ours, theirs);
                assertThat(diff).as("%s: first differing byte of %d (sum head %s)", name, ours.length, head)
                        .isEqualTo(-1);
                checked.add(name);
                return ours.length;
            });
        }
        assertThat(checked).containsExactlyInAnyOrder(expected);
    }

    /** The batch with every transferred file's stream replaced by ours. */
    private byte[] rewriteWithOurStreams(RsyncBatch batch, Compression compression, boolean low) throws Exception {
        SeedOrder order = SeedOrder.forSeedFix((batch.compatFlags & RsyncBatch.CF_CHKSUM_SEED_FIX) != 0);
        TransferSettings settings = new TransferSettings(31, batch.seed, order, compression,
                Compression.DEFAULT_LEVEL, FileWindow.DEFAULT_CAPACITY);
        var out = new java.io.ByteArrayOutputStream();
        TestFiles.ByteSink sink = new TestFiles.ByteSink();
        int[] copied = {0};
        try (FileSender sender = new FileSender(settings, sink)) {
            batch.items(item -> {
                String name = batch.files.get(item.ndx()).name();
                SumHead head = headAt(batch.bytes, item.dataStart());
                out.write(batch.bytes, copied[0], item.dataStart() - copied[0]);
                try {
                    sink.out.reset();
                    sendOurs(sender, name, head, order, batch.seed, low, false);
                    // rsync's own stream for this file, decoded by the receiver mirror to skip it
                    Path basis = dst.resolve(name);
                    byte[] basisBytes = Files.exists(basis) ? Files.readAllBytes(basis) : new byte[0];
                    ReceiverMirror.Decoded theirs = ReceiverMirror.decode(batch.bytes, item.dataStart(), basisBytes,
                            compression);
                    assertThat(theirs.file()).as("mirror decodes rsync's stream for %s", name)
                            .isEqualTo(Files.readAllBytes(src.resolve(name)));
                    out.writeBytes(sink.bytes());
                    copied[0] = item.dataStart() + theirs.consumed();
                    return theirs.consumed();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        out.write(batch.bytes, copied[0], batch.bytes.length - copied[0]);
        return out.toByteArray();
    }

    private void sendOurs(FileSender sender, String name, SumHead head, SeedOrder order, int seed, boolean low,
            boolean inplace) throws IOException {
        Path basis = dst.resolve(name);
        BlockSums sums;
        if (head.count() == 0) {
            sums = BlockSums.none(head);
        } else {
            byte[] b = Files.readAllBytes(basis);
            sums = BlockSums.compute(b, head.blockLength(), head.strongLength(), new BlockDigest(seed, order));
            assertThat(sums.head()).as("generator-equivalent sum head for %s", name).isEqualTo(head);
        }
        try (FileChannel ch = FileChannel.open(src.resolve(name), StandardOpenOption.READ)) {
            sender.send(ch, sums, new FileRequest(inplace, AppendMode.OFF, low));
        }
    }

    private static SumHead headAt(byte[] b, int pos) {
        ByteBuffer in = ByteBuffer.wrap(b, pos, 16).order(ByteOrder.LITTLE_ENDIAN);
        return new SumHead(in.getInt(), in.getInt(), in.getInt(), in.getInt());
    }

    private Path writeBatch(Compression compression, String name, String... extra) throws Exception {
        Path batch = tmp.resolve(name + "-" + compression + "-" + String.join("", extra).replace("-", ""));
        List<String> cmd = new ArrayList<>(List.of("rsync", "--only-write-batch=" + batch,
                "--checksum-seed=" + SEED, "--no-whole-file", "--no-inc-recursive", "-rI"));
        if (!List.of(extra).contains("--protocol=30")) {
            cmd.add("--protocol=31");
        }
        if (compression == Compression.ZLIB) {
            cmd.add("-z");
        }
        cmd.addAll(List.of(extra));
        cmd.add(src + "/");
        cmd.add(dst + "/");
        Result res = run(cmd.toArray(String[]::new));
        assertThat(res.code).as(res.output).isZero();
        return batch;
    }

    private record Result(int code, String output) {
    }

    private static Result run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("rsync timed out");
            }
            return new Result(p.exitValue(), output);
        } finally {
            p.destroyForcibly();
        }
    }

    private void put(String name, byte[] source, byte[] basis) throws IOException {
        Files.write(src.resolve(name), source);
        if (basis != null) {
            Files.write(dst.resolve(name), basis);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] text(Random r, int n) {
        String[] words = {"the ", "quick ", "brown ", "fox ", "jumps ", "over ", "lazy ", "dog ", "rsync ", "sower ",
            "block ", "token ", "\n"};
        StringBuilder sb = new StringBuilder(n + 16);
        while (sb.length() < n) {
            sb.append(words[r.nextInt(words.length)]);
        }
        return sb.substring(0, n).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
