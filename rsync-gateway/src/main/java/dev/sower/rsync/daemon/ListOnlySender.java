package dev.sower.rsync.daemon;

import dev.sower.rsync.wire.NdxCodec;
import dev.sower.rsync.wire.ProtocolException;
import dev.sower.rsync.wire.WireBuffer;
import dev.sower.rsync.wire.WireReader;
import java.nio.ByteBuffer;
import java.util.OptionalInt;

/**
 * The sender loop (sender.c {@code send_files}, main.c {@code read_final_goodbye}) for
 * clients that only list or only ask about files without wanting data: NDX_DONE echoed for
 * the two phases, a final NDX_DONE, the statistics, and the protocol-31 goodbye. An index
 * without ITEM_TRANSFER is echoed with its attributes; a transfer request ends the session
 * with a clear error, because file data is not served by this build.
 */
public final class ListOnlySender implements SenderPhase {
  static final int ITEM_BASIS_TYPE_FOLLOWS = 1 << 11;
  static final int ITEM_XNAME_FOLLOWS = 1 << 12;
  static final int ITEM_TRANSFER = 1 << 15;

  private enum State { FILES, GOODBYE1, GOODBYE2, DONE }

  private final SenderContext ctx;
  private final NdxCodec in = new NdxCodec();
  private final NdxCodec out = new NdxCodec();
  private State state = State.FILES;
  private int phase;

  public ListOnlySender(SenderContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void onData(ByteBuffer data) throws ProtocolException {
    while (state != State.DONE) {
      int mark = data.position();
      OptionalInt got = in.read(data);
      if (got.isEmpty()) {
        return;
      }
      int ndx = got.getAsInt();
      if (ndx == NdxCodec.NDX_DEL_STATS) {
        WireBuffer echo = new WireBuffer();
        long[] stats = new long[5];
        for (int i = 0; i < 5; i++) {
          OptionalInt v = WireReader.varint(data);
          if (v.isEmpty()) {
            data.position(mark);
            rewind();
            return;
          }
          stats[i] = v.getAsInt();
        }
        out.write(echo, NdxCodec.NDX_DEL_STATS);
        for (long s : stats) {
          echo.putVarint((int) s);
        }
        ctx.sendData(echo);
        continue;
      }
      if (ndx == NdxCodec.NDX_DONE) {
        onDone();
        continue;
      }
      if (ndx < 0 || state != State.FILES) {
        throw new ProtocolException("Invalid file index: " + ndx);
      }
      if (ndx >= ctx.list().files().size()) {
        throw new ProtocolException("Invalid file index: " + ndx + " (-1 - "
            + (ctx.list().files().size() - 1) + ")");
      }
      if (data.remaining() < 2) {
        data.position(mark);
        rewind();
        return;
      }
      int iflags = (data.get() & 0xFF) | (data.get() & 0xFF) << 8;
      WireBuffer echo = new WireBuffer();
      int basis = -1;
      byte[] xname = null;
      if ((iflags & ITEM_BASIS_TYPE_FOLLOWS) != 0) {
        if (!data.hasRemaining()) {
          data.position(mark);
          rewind();
          return;
        }
        basis = data.get() & 0xFF;
      }
      if ((iflags & ITEM_XNAME_FOLLOWS) != 0) {
        xname = readVstring(data);
        if (xname == null) {
          data.position(mark);
          rewind();
          return;
        }
      }
      if ((iflags & ITEM_TRANSFER) != 0) {
        ctx.fail("rsync: [sender] this server lists files but does not send file data yet"
            + " (use --list-only)\n", 4);
        state = State.DONE;
        return;
      }
      out.write(echo, ndx);
      echo.putShort(iflags);
      if (basis >= 0) {
        echo.putByte(basis);
      }
      if (xname != null) {
        echo.putVstring(xname);
      }
      ctx.sendData(echo);
    }
  }

  /** Undo the delta state of the last partial index read (re-read it whole later). */
  private void rewind() {
    in.undo();
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
    if (len > 4096) {
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

  private void onDone() throws ProtocolException {
    WireBuffer w = new WireBuffer();
    switch (state) {
      case FILES -> {
        phase++;
        out.write(w, NdxCodec.NDX_DONE);
        if (phase > 2) {
          // end of send_files, then handle_stats: read, written, size, build, xfer times
          w.putVarlong(ctx.bytesRead(), 3);
          w.putVarlong(ctx.bytesWritten(), 3);
          w.putVarlong(ctx.list().totalSize(), 3);
          w.putVarlong(ctx.listBuildMillis(), 3);
          w.putVarlong(ctx.listTransferMillis(), 3);
          state = ctx.protocol() >= 31 ? State.GOODBYE1 : State.GOODBYE2;
        }
        ctx.sendData(w);
      }
      case GOODBYE1 -> {
        out.write(w, NdxCodec.NDX_DONE);
        ctx.sendData(w);
        state = State.GOODBYE2;
      }
      case GOODBYE2 -> {
        state = State.DONE;
        ctx.finish();
      }
      default -> throw new ProtocolException("unexpected NDX_DONE");
    }
  }
}
