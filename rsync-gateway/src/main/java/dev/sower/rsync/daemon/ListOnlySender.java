package dev.sower.rsync.daemon;

import dev.sower.rsync.options.OptionException;
import dev.sower.rsync.options.TransferChoices;
import dev.sower.rsync.wire.NdxCodec;
import dev.sower.rsync.wire.ProtocolException;
import dev.sower.rsync.wire.WireBuffer;
import java.nio.ByteBuffer;

/**
 * The sender loop for a daemon that serves listings only: the client's requests are decoded by
 * {@link SendRequestReader} and answered on the network thread (they need no disk access):
 * indexes without data echoed with their attributes (and every request under {@code -n}),
 * NDX_DONE echoed for the two phases, a final NDX_DONE with the statistics, the protocol-31
 * goodbye. A request for file data ends the session with a clear error.
 */
public final class ListOnlySender implements SenderPhase {
  private final SenderContext ctx;
  private final SendRequestReader reader;
  private final NdxCodec out = new NdxCodec();
  private boolean done;

  private ListOnlySender(SenderContext ctx, TransferChoices choices) {
    this.ctx = ctx;
    this.reader = new SendRequestReader(ctx.list().files().size(), ctx.protocol(), choices);
  }

  /** Creates the phase, or ends the session when the options are invalid. */
  public static SenderPhase create(SenderContext ctx) {
    try {
      return new ListOnlySender(ctx, TransferChoices.of(ctx.options()));
    } catch (OptionException e) {
      ctx.fail("rsync: " + e.getMessage() + "\n", e.exitCode());
      return data -> data.position(data.limit());
    }
  }

  @Override
  public void onData(ByteBuffer data) throws ProtocolException {
    if (done) {
      data.position(data.limit());
      return;
    }
    reader.read(data, () -> done, this::answer);
  }

  private void answer(SendStep step) {
    WireBuffer w = new WireBuffer();
    if (step instanceof SendStep.Echo e) {
      e.attrs().writeTo(w, out);
    } else if (step instanceof SendStep.PhaseDone || step instanceof SendStep.GoodbyeEcho) {
      out.write(w, NdxCodec.NDX_DONE);
    } else if (step instanceof SendStep.EndOfFiles) {
      out.write(w, NdxCodec.NDX_DONE);
      SendStats.put(w, ctx);
      ctx.completed(0);
    } else if (step instanceof SendStep.DelStats d) {
      out.write(w, NdxCodec.NDX_DEL_STATS);
      for (int v : d.values()) {
        w.putVarint(v);
      }
    } else if (step instanceof SendStep.Transfer) {
      done = true;
      ctx.fail("rsync: [sender] this server lists files but does not send file data"
          + " (use --list-only)\n", 4);
      return;
    } else if (step instanceof SendStep.Finish) {
      done = true;
      ctx.finish();
      return;
    }
    ctx.sendData(w);
  }
}
