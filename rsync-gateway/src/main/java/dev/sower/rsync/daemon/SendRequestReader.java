package dev.sower.rsync.daemon;

import dev.sower.rsync.options.TransferChoices;
import dev.sower.rsync.transfer.AppendMode;
import dev.sower.rsync.transfer.BlockSums;
import dev.sower.rsync.transfer.BlockSumsDecoder;
import dev.sower.rsync.transfer.SumHead;
import dev.sower.rsync.transfer.SumHeadDecoder;
import dev.sower.rsync.transfer.SumLimits;
import dev.sower.rsync.transfer.TransferProtocolException;
import dev.sower.rsync.wire.NdxCodec;
import dev.sower.rsync.wire.ProtocolException;
import dev.sower.rsync.wire.WireReader;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Decodes the client generator's requests on the network thread (sender.c {@code send_files}
 * reading side, io.c {@code read_ndx_and_attrs}, sender.c {@code receive_sums}, main.c
 * {@code read_final_goodbye}) into {@link SendStep}s. Never blocks; leaves incomplete input in
 * the buffer; block sums are consumed as they arrive (bounded by {@link SumLimits}).
 */
final class SendRequestReader {
  static final int ITEM_BASIS_TYPE_FOLLOWS = 1 << 11;
  static final int ITEM_XNAME_FOLLOWS = 1 << 12;
  static final int ITEM_TRANSFER = 1 << 15;
  private static final int MAX_XNAME = 4096;

  private enum State { FILES, GOODBYE1, GOODBYE2, DONE }

  private final NdxCodec in = new NdxCodec();
  private final int fileCount;
  private final int protocol;
  private final TransferChoices choices;
  private final SumHeadDecoder heads = new SumHeadDecoder(SumLimits.DEFAULT);
  private final BitSet sent = new BitSet();
  private State state = State.FILES;
  private int phase;
  private SendStep.Attrs pending;
  private AppendMode pendingAppend;
  private SumHead head;
  private BlockSumsDecoder sums;

  SendRequestReader(int fileCount, int protocol, TransferChoices choices) {
    this.fileCount = fileCount;
    this.protocol = protocol;
    this.choices = choices;
  }

  /** Whether the client's last NDX_DONE has been read. */
  boolean done() {
    return state == State.DONE;
  }

  /**
   * Decodes complete requests from {@code data} into {@code out} until the data runs out or
   * {@code full} says the steps already queued are enough (a transfer whose sums are being
   * read is always finished first: its sums are consumed as they come).
   */
  void read(ByteBuffer data, BooleanSupplier full, Consumer<SendStep> out)
      throws ProtocolException {
    while (state != State.DONE) {
      if (pending != null) {
        if (!readSums(data, out)) {
          return;
        }
        continue;
      }
      if (full.getAsBoolean()) {
        return;
      }
      int mark = data.position();
      OptionalInt got = in.read(data);
      if (got.isEmpty()) {
        return;
      }
      int ndx = got.getAsInt();
      if (ndx == NdxCodec.NDX_DEL_STATS) {
        int[] values = new int[5];
        for (int i = 0; i < values.length; i++) {
          OptionalInt v = WireReader.varint(data);
          if (v.isEmpty()) {
            data.position(mark);
            in.undo();
            return;
          }
          values[i] = v.getAsInt();
        }
        out.accept(new SendStep.DelStats(values));
        continue;
      }
      if (ndx == NdxCodec.NDX_DONE) {
        onDone(out);
        continue;
      }
      if (state != State.FILES) {
        throw new ProtocolException("Invalid packet at end of run (" + ndx + ") [sender]");
      }
      if (ndx < 0 || ndx >= fileCount) {
        throw new ProtocolException("Invalid file index: " + ndx + " (-1 - " + (fileCount - 1)
            + ") [sender]");
      }
      SendStep.Attrs attrs = readAttrs(ndx, data);
      if (attrs == null) {
        data.position(mark);
        in.undo();
        return;
      }
      if ((attrs.iflags() & ITEM_TRANSFER) == 0 || choices.dryRun()) {
        if ((attrs.iflags() & ITEM_TRANSFER) != 0 && phase == 2) {
          throw new ProtocolException("got transfer request in phase 2 [sender]");
        }
        out.accept(new SendStep.Echo(attrs));
        continue;
      }
      if (phase == 2) {
        throw new ProtocolException("got transfer request in phase 2 [sender]");
      }
      // sender.c: append mode applies to a file's first send only (the redo turns it off)
      boolean first = !sent.get(ndx);
      sent.set(ndx);
      pending = attrs;
      pendingAppend = first ? choices.append() : AppendMode.OFF;
    }
  }

  private boolean readSums(ByteBuffer data, Consumer<SendStep> out) throws ProtocolException {
    try {
      if (head == null) {
        head = heads.decode(data);
        if (head == null) {
          return false;
        }
        if (pendingAppend != AppendMode.OFF) {
          emit(out, null);
          return true;
        }
        sums = new BlockSumsDecoder(head);
      }
      BlockSums table = head.count() == 0 ? BlockSums.none(head) : sums.decode(data);
      if (table == null) {
        return false;
      }
      emit(out, table);
      return true;
    } catch (TransferProtocolException e) {
      throw new ProtocolException(e.getMessage());
    }
  }

  private void emit(Consumer<SendStep> out, BlockSums table) {
    out.accept(new SendStep.Transfer(pending, head, table, pendingAppend));
    pending = null;
    pendingAppend = null;
    head = null;
    sums = null;
  }

  private void onDone(Consumer<SendStep> out) {
    switch (state) {
      case FILES -> {
        if (++phase > 2) {
          boolean goodbye = protocol >= 31;
          out.accept(new SendStep.EndOfFiles(goodbye));
          state = goodbye ? State.GOODBYE1 : State.GOODBYE2;
        } else {
          out.accept(new SendStep.PhaseDone());
        }
      }
      case GOODBYE1 -> {
        out.accept(new SendStep.GoodbyeEcho());
        state = State.GOODBYE2;
      }
      case GOODBYE2 -> {
        out.accept(new SendStep.Finish());
        state = State.DONE;
      }
      default -> throw new IllegalStateException("NDX_DONE after the end");
    }
  }

  /** Item flags, basis type and alternate name; null (nothing consumed) when incomplete. */
  private static SendStep.Attrs readAttrs(int ndx, ByteBuffer data) throws ProtocolException {
    if (data.remaining() < 2) {
      return null;
    }
    int iflags = (data.get() & 0xFF) | (data.get() & 0xFF) << 8;
    int basis = -1;
    byte[] xname = null;
    if ((iflags & ITEM_BASIS_TYPE_FOLLOWS) != 0) {
      if (!data.hasRemaining()) {
        return null;
      }
      basis = data.get() & 0xFF;
    }
    if ((iflags & ITEM_XNAME_FOLLOWS) != 0) {
      xname = readVstring(data);
      if (xname == null) {
        return null;
      }
    }
    return new SendStep.Attrs(ndx, iflags, basis, xname);
  }

  private static byte[] readVstring(ByteBuffer data) throws ProtocolException {
    if (!data.hasRemaining()) {
      return null;
    }
    int p = data.position();
    int len = data.get(p) & 0xFF;
    int hdr = 1;
    if ((len & 0x80) != 0) {
      if (data.remaining() < 2) {
        return null;
      }
      len = (len & 0x7F) * 0x100 + (data.get(p + 1) & 0xFF);
      hdr = 2;
    }
    if (len > MAX_XNAME) {
      throw new ProtocolException("over-long name in an index request: " + len);
    }
    if (data.remaining() < hdr + len) {
      return null;
    }
    data.position(p + hdr);
    byte[] b = new byte[len];
    data.get(b);
    return b;
  }
}
