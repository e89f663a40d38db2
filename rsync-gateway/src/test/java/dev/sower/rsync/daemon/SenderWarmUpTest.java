package dev.sower.rsync.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.rsync.options.TransferChoices;
import dev.sower.rsync.transfer.AppendMode;
import dev.sower.rsync.transfer.Compression;
import dev.sower.rsync.transfer.FileRequest;
import dev.sower.rsync.transfer.FileSendResult;
import dev.sower.rsync.transfer.FileSender;
import dev.sower.rsync.transfer.SeedOrder;
import dev.sower.rsync.transfer.SkipCompress;
import dev.sower.rsync.transfer.TransferSettings;
import dev.sower.rsync.transfer.TransferSink;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm-up client's requests (the sessions themselves: MinaWarmUpTest). */
class SenderWarmUpTest {
  @TempDir
  Path scratch;

  /**
   * The updated files' requests carry sums the server matches (so the warm-up runs the block
   * matcher, not only literal data): decoded as the session decodes them and sent by a
   * {@link FileSender}, most of each file is matched.
   */
  @Test
  void deltaRequestsCarryBlockSumsThatMatchMostOfTheFile() throws Exception {
    try (WarmUpTree tree = WarmUpTree.write(scratch)) {
      List<WarmUpTree.Entry> entries = tree.entries();
      byte[] requests = WarmUpScript.archive().requests(entries);
      SendRequestReader reader = new SendRequestReader(tree.listSize(), 31,
          new TransferChoices(false, Compression.NONE, 6, SkipCompress.rsyncDefault(), false,
              AppendMode.OFF, 0));
      List<SendStep> steps = new ArrayList<>();
      ByteBuffer in = ByteBuffer.wrap(requests);
      reader.read(in, () -> false, steps::add);
      assertThat(in.hasRemaining()).isFalse();
      assertThat(reader.done()).isTrue();
      List<SendStep.Transfer> transfers = steps.stream()
          .filter(SendStep.Transfer.class::isInstance).map(SendStep.Transfer.class::cast).toList();
      assertThat(transfers).hasSize(8 + 320 + 1200);

      TransferSettings settings = new TransferSettings(31, WarmUpScript.SEED,
          SeedOrder.SEED_FIRST, Compression.NONE, 6, 8 << 20);
      int deltas = 0;
      try (FileSender sender = new FileSender(settings, new Discard())) {
        for (SendStep.Transfer t : transfers) {
          WarmUpTree.Entry e = entries.stream().filter(x -> x.ndx() == t.attrs().ndx())
              .findFirst().orElseThrow();
          if (e.kind() != WarmUpTree.Kind.DELTA) {
            assertThat(t.head().count()).isZero();
            continue;
          }
          deltas++;
          try (FileChannel ch = FileChannel.open(tree.root().resolve(e.name()))) {
            FileSendResult res = sender.send(ch, t.sums(), FileRequest.DEFAULT);
            assertThat(res.matchedBytes()).isGreaterThan(res.length() * 9 / 10);
            assertThat(res.literalBytes()).isBetween(1024L, 8192L);
          }
        }
      }
      assertThat(deltas).isEqualTo(WarmUpTree.BUCKETS);
    }
  }

  private static final class Discard implements TransferSink {
    @Override
    public void write(byte[] b, int off, int len) {
    }

    @Override
    public void flush() {
    }
  }
}
