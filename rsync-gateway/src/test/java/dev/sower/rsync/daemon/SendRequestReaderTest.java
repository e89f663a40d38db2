package dev.sower.rsync.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sower.rsync.options.TransferChoices;
import dev.sower.rsync.transfer.AppendMode;
import dev.sower.rsync.transfer.Compression;
import dev.sower.rsync.transfer.SkipCompress;
import dev.sower.rsync.transfer.SumHead;
import dev.sower.rsync.wire.ProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendRequestReaderTest {
  /**
   * Hand-encoded generator output (io.c write_ndx, write_ndx_and_attrs, write_sum_head): an
   * echo request, a transfer with basis type and alternate name and two block sums, three
   * NDX_DONEs, NDX_DEL_STATS with five varints, the two goodbye NDX_DONEs.
   */
  static final String GOLDEN = "010200"                      // ndx 0, iflags 0x0002
      + "02009880026162"                                       // ndx 2, 0x9800, basis 0x80, "ab"
      + "02000000bc0200000200000064000000"                     // 2 blocks of 700, s2 2, rem 100
      + "11111111aabb" + "22222222ccdd"                        // the sums
      + "000000"                                               // NDX_DONE x3
      + "ff02" + "0001000000"                                  // NDX_DEL_STATS 0 1 0 0 0
      + "0000";                                                // goodbye

  private static TransferChoices choices(boolean dryRun, AppendMode append) {
    return new TransferChoices(dryRun, Compression.NONE, 6, SkipCompress.rsyncDefault(), false,
        append, 0);
  }

  private static List<SendStep> decode(byte[] bytes, boolean oneByte, TransferChoices c)
      throws ProtocolException {
    SendRequestReader r = new SendRequestReader(3, 31, c);
    List<SendStep> out = new ArrayList<>();
    if (!oneByte) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      r.read(b, () -> false, out::add);
      assertThat(b.hasRemaining()).isFalse();
    } else {
      ByteBuffer b = ByteBuffer.allocate(bytes.length);
      b.flip();
      for (byte x : bytes) {
        b.compact().put(x).flip();
        r.read(b, () -> false, out::add);
      }
      assertThat(b.hasRemaining()).isFalse();
    }
    assertThat(r.done()).isTrue();
    return out;
  }

  @Test
  void goldenRequestsWholeAndByteByByte() throws Exception {
    byte[] bytes = HexFormat.of().parseHex(GOLDEN);
    for (boolean oneByte : new boolean[] {false, true}) {
      List<SendStep> s = decode(bytes, oneByte, choices(false, AppendMode.OFF));
      assertThat(s).hasSize(8);
      assertThat(((SendStep.Echo) s.get(0)).attrs().iflags()).isEqualTo(2);
      SendStep.Transfer t = (SendStep.Transfer) s.get(1);
      assertThat(t.attrs().ndx()).isEqualTo(2);
      assertThat(t.attrs().basisType()).isEqualTo(0x80);
      assertThat(t.attrs().xname()).isEqualTo("ab".getBytes());
      assertThat(t.head()).isEqualTo(new SumHead(2, 700, 2, 100));
      assertThat(t.sums().weak(1)).isEqualTo(0x22222222);
      assertThat(t.sums().strong(0)).startsWith((byte) 0xAA, (byte) 0xBB);
      assertThat(t.append()).isEqualTo(AppendMode.OFF);
      assertThat(s.get(2)).isInstanceOf(SendStep.PhaseDone.class);
      assertThat(s.get(3)).isInstanceOf(SendStep.PhaseDone.class);
      assertThat(s.get(4)).isEqualTo(new SendStep.EndOfFiles(true));
      assertThat(((SendStep.DelStats) s.get(5)).values()).containsExactly(0, 1, 0, 0, 0);
      assertThat(s.get(6)).isInstanceOf(SendStep.GoodbyeEcho.class);
      assertThat(s.get(7)).isInstanceOf(SendStep.Finish.class);
    }
  }

  @Test
  void dryRunReadsNoSums() throws Exception {
    byte[] bytes = HexFormat.of().parseHex("010080" + "0000000000");
    SendRequestReader r = new SendRequestReader(1, 31, choices(true, AppendMode.OFF));
    List<SendStep> out = new ArrayList<>();
    r.read(ByteBuffer.wrap(bytes), () -> false, out::add);
    assertThat(out.get(0)).isInstanceOf(SendStep.Echo.class);
    assertThat(out).hasSize(6).last().isInstanceOf(SendStep.Finish.class);
  }

  @Test
  void appendReadsOnlyTheHeadAndOnlyOnTheFirstSend() throws Exception {
    // the redo repeats index 0: a delta of 0 is written as 0xFE and two bytes (io.c)
    String head = "01000000" + "00040000" + "02000000" + "00000000";
    byte[] bytes = HexFormat.of().parseHex("010080" + head + "00" + "fe0000" + "0080" + head
        + "11111111aabb");
    SendRequestReader r = new SendRequestReader(1, 31, choices(false, AppendMode.APPEND));
    List<SendStep> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(bytes);
    r.read(b, () -> false, out::add);
    assertThat(b.hasRemaining()).isFalse();
    SendStep.Transfer first = (SendStep.Transfer) out.get(0);
    assertThat(first.append()).isEqualTo(AppendMode.APPEND);
    assertThat(first.sums()).isNull();
    SendStep.Transfer redo = (SendStep.Transfer) out.get(2);
    assertThat(redo.append()).isEqualTo(AppendMode.OFF);
    assertThat(redo.sums().weak(0)).isEqualTo(0x11111111);
  }

  @Test
  void holdsBackWhenTheQueueIsFull() throws Exception {
    byte[] bytes = HexFormat.of().parseHex("010200" + "010200");
    SendRequestReader r = new SendRequestReader(3, 31, choices(false, AppendMode.OFF));
    List<SendStep> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(bytes);
    r.read(b, () -> !out.isEmpty(), out::add);
    assertThat(out).hasSize(1);
    assertThat(b.remaining()).isEqualTo(3);
  }

  @Test
  void refusesBadIndexesAndLateTransfers() {
    SendRequestReader r = new SendRequestReader(1, 31, choices(false, AppendMode.OFF));
    assertThatThrownBy(() -> r.read(ByteBuffer.wrap(HexFormat.of().parseHex("050000")),
        () -> false, s -> { })).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("Invalid file index: 4");
    SendRequestReader late = new SendRequestReader(1, 31, choices(false, AppendMode.OFF));
    assertThatThrownBy(() -> late.read(ByteBuffer.wrap(HexFormat.of().parseHex("0000010080")),
        () -> false, s -> { })).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("got transfer request in phase 2");
    SendRequestReader hostile = new SendRequestReader(1, 31, choices(false, AppendMode.OFF));
    assertThatThrownBy(() -> hostile.read(ByteBuffer.wrap(HexFormat.of().parseHex(
        "010080" + "ffffff7f000400001000000000000000")), () -> false, s -> { }))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("Invalid checksum count");
  }
}
