package dev.sower.rsync.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.sower.rsync.flist.ModuleRoot;
import dev.sower.rsync.transfer.AppendMode;
import dev.sower.rsync.transfer.BlockSums;
import dev.sower.rsync.transfer.Compression;
import dev.sower.rsync.transfer.FileRequest;
import dev.sower.rsync.transfer.FileSendResult;
import dev.sower.rsync.transfer.FileSender;
import dev.sower.rsync.transfer.LookAheadCompressor;
import dev.sower.rsync.transfer.SumHead;
import dev.sower.rsync.transfer.TransferSettings;
import dev.sower.rsync.transfer.TransferSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files compressed ahead are used only when unchanged, in order, and otherwise sent inline. */
class LookAheadTest {
  private static final TransferSettings SETTINGS = TransferSettings.of(0, Compression.ZLIB);
  private static final int BOUND = 1 << 20;

  @TempDir
  Path dir;

  private static final class Bytes implements TransferSink {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Override
    public void write(byte[] b, int off, int len) {
      out.write(b, off, len);
    }

    @Override
    public void flush() {
    }
  }

  private static byte[] text(int n, long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder(n + 64);
    while (sb.length() < n) {
      sb.append("{\"k\":").append(r.nextInt(50_000)).append(",\"v\":\"x").append(r.nextInt(99))
          .append("\"}\n");
    }
    return sb.substring(0, n).getBytes(StandardCharsets.US_ASCII);
  }

  private static SendStep.Transfer newFile(int ndx) {
    return new SendStep.Transfer(new SendStep.Attrs(ndx, 0x8000, -1, null), SumHead.EMPTY,
        BlockSums.none(SumHead.EMPTY), AppendMode.OFF);
  }

  /** Writes text files {@code prefix0, prefix1, ...}, adds their names; returns their requests. */
  private List<SendStep> textFiles(String prefix, int count, int size, List<String> names)
      throws IOException {
    List<SendStep> steps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(prefix + i);
      Files.write(dir.resolve(prefix + i), text(size, prefix.hashCode() + i));
      steps.add(newFile(names.size() - 1));
    }
    return steps;
  }

  private LookAhead lookAhead(ModuleRoot root, List<String> names, int maxFiles) {
    return lookAhead(() -> root, names, maxFiles);
  }

  private LookAhead lookAhead(java.util.function.Supplier<ModuleRoot> root, List<String> names,
      int maxFiles) {
    LookAhead.Planner planner = new LookAhead.Planner() {
      @Override
      public byte[] eligiblePath(SendStep.Transfer t) {
        return names.get(t.attrs().ndx()).getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public boolean lowCompression(SendStep.Transfer t) {
        return names.get(t.attrs().ndx()).endsWith(".gz");
      }
    };
    return new LookAhead(root, planner,
        List.of(new LookAheadCompressor(SETTINGS, BOUND), new LookAheadCompressor(SETTINGS, BOUND)),
        maxFiles);
  }

  @Test
  void onlyUnchangedFilesAreTakenAndEveryStreamEqualsTheInlineOne() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("a", text(200_000, 1));
    files.put("empty", new byte[0]);
    files.put("big-random.gz", new Random(2).ints(BOUND + 50_000).mapToObj(i -> (byte) i)
        .collect(ByteArrayOutputStream::new, ByteArrayOutputStream::write, (x, y) -> { })
        .toByteArray());
    files.put("missing", null);
    files.put("rewritten", text(150_000, 3));
    files.put("grows", text(90_000, 4));
    files.put("vanishes", text(80_000, 5));
    files.put("link", null);
    files.put("b", text(400_000, 6));
    files.put("c.gz", text(30_000, 7));
    List<String> names = new ArrayList<>(files.keySet());
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      if (e.getValue() != null) {
        Files.write(dir.resolve(e.getKey()), e.getValue());
      }
    }
    Files.createSymbolicLink(dir.resolve("link"), dir.resolve("a"));
    ModuleRoot root = new ModuleRoot(dir);
    List<SendStep> steps = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      steps.add(newFile(i));
    }

    Map<String, String> outcome = new LinkedHashMap<>();
    Bytes aheadOut = new Bytes();
    Bytes inlineOut = new Bytes();
    try (LookAhead ahead = lookAhead(root, names, names.size());
        FileSender viaAhead = new FileSender(SETTINGS, aheadOut);
        FileSender inline = new FileSender(SETTINGS, inlineOut)) {
      ahead.plan(steps);
      ahead.awaitPlanned();
      // changes after the look-ahead read the files, before their turn
      Path rewritten = dir.resolve("rewritten");
      Files.write(rewritten, text(150_000, 33));
      Files.setLastModifiedTime(rewritten,
          FileTime.fromMillis(Files.getLastModifiedTime(rewritten).toMillis() + 5000));
      Files.write(dir.resolve("grows"), text(1000, 44), StandardOpenOption.APPEND);
      Files.delete(dir.resolve("vanishes"));

      for (SendStep s : steps) {
        SendStep.Transfer t = (SendStep.Transfer) s;
        String name = names.get(t.attrs().ndx());
        LookAhead.Prepared p = ahead.take(t);
        Path path = root.resolve(name.getBytes(StandardCharsets.UTF_8));
        FileChannel ch;
        try {
          ch = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
          outcome.put(name, p == null ? "open failed" : "open failed, made ahead");
          continue;
        }
        try (ch) {
          long length = ch.size();
          FileRequest request = new FileRequest(false, AppendMode.OFF, name.endsWith(".gz"));
          FileSendResult expected;
          try (FileChannel again = FileChannel.open(path, StandardOpenOption.READ)) {
            expected = inline.sendFrom(again, length, SumHead.EMPTY, BlockSums.none(SumHead.EMPTY),
                request);
          }
          FileSendResult got;
          if (p != null && p.stillValid(root, path, length)) {
            outcome.put(name, "ahead");
            got = viaAhead.sendPrecompressed(SumHead.EMPTY, p.file());
          } else {
            outcome.put(name, p == null ? "inline" : "changed, inline");
            got = viaAhead.sendFrom(ch, length, SumHead.EMPTY, BlockSums.none(SumHead.EMPTY),
                request);
          }
          assertThat(got).as(name).isEqualTo(expected);
          assertThat(aheadOut.out.toByteArray()).as(name).isEqualTo(inlineOut.out.toByteArray());
        }
      }
    }
    assertThat(outcome).containsExactly(
        Map.entry("a", "ahead"),
        Map.entry("empty", "ahead"),
        Map.entry("big-random.gz", "inline"),
        Map.entry("missing", "open failed"),
        Map.entry("rewritten", "changed, inline"),
        Map.entry("grows", "changed, inline"),
        Map.entry("vanishes", "open failed, made ahead"),
        Map.entry("link", "open failed"),
        Map.entry("b", "ahead"),
        Map.entry("c.gz", "ahead"));
  }

  @Test
  void atMostMaxFilesArePlannedAndAFileNotStartedIsLeftToTheSender() throws Exception {
    List<String> names = new ArrayList<>();
    List<SendStep> steps = textFiles("f", 6, 50_000, names);
    ModuleRoot root = new ModuleRoot(dir);
    try (LookAhead ahead = lookAhead(root, names, 2)) {
      ahead.plan(steps);
      ahead.awaitPlanned();
      assertThat(ahead.take((SendStep.Transfer) steps.get(0))).isNotNull();
      // f2 was not planned (two at a time): nothing for it, and f1 is still there afterwards
      assertThat(ahead.take((SendStep.Transfer) steps.get(2))).isNull();
      assertThat(ahead.take((SendStep.Transfer) steps.get(1))).isNotNull();
      ahead.plan(steps.subList(2, 6));
      ahead.awaitPlanned();
      assertThat(ahead.take((SendStep.Transfer) steps.get(2))).isNotNull();
      assertThat(ahead.take((SendStep.Transfer) steps.get(3))).isNotNull();
      assertThat(ahead.take((SendStep.Transfer) steps.get(4))).isNull();
    }
  }

  @Test
  void closeCancelsQueuedAndRunningWorkWithoutHangingTheSender() throws Exception {
    List<String> names = new ArrayList<>();
    List<SendStep> steps = textFiles("g", 8, 4 << 20, names);
    ModuleRoot root = new ModuleRoot(dir);
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(2);
    java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    LookAhead ahead = lookAhead(() -> {
      // both look-ahead threads are inside a file when the session closes
      started.countDown();
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return root;
    }, names, 8);
    ahead.plan(steps);
    assertThat(started.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    ahead.close();
    closed.countDown();
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      for (SendStep s : steps) {
        // the running files stop at their first window slide, the queued ones never start
        assertThat(ahead.take((SendStep.Transfer) s)).isNull();
      }
    });
    ahead.plan(steps);
    assertThat(ahead.take((SendStep.Transfer) steps.get(0))).isNull();
  }
}
