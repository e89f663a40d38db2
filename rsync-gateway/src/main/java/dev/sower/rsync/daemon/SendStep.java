package dev.sower.rsync.daemon;

import dev.sower.rsync.transfer.AppendMode;
import dev.sower.rsync.transfer.BlockSums;
import dev.sower.rsync.transfer.SumHead;
import dev.sower.rsync.wire.NdxCodec;
import dev.sower.rsync.wire.WireBuffer;

/**
 * One thing the sender does, in the order the client asked: decoded on the network thread,
 * carried out in order on the session's sending thread.
 */
sealed interface SendStep {
  /** The index and attributes as the client sent them (rsync's {@code read_ndx_and_attrs}). */
  record Attrs(int ndx, int iflags, int basisType, byte[] xname) {
    /** FNAMECMP_FNAME: the basis is the destination file itself (the default). */
    static final int FNAMECMP_FNAME = 0x80;

    int basisOrDefault() {
      return basisType < 0 ? FNAMECMP_FNAME : basisType;
    }

    /** rsync's {@code write_ndx_and_attrs}: index, item flags, basis type, alternate name. */
    void writeTo(WireBuffer w, NdxCodec ndxOut) {
      ndxOut.write(w, ndx);
      w.putShort(iflags);
      if ((iflags & SendRequestReader.ITEM_BASIS_TYPE_FOLLOWS) != 0) {
        w.putByte(basisType);
      }
      if ((iflags & SendRequestReader.ITEM_XNAME_FOLLOWS) != 0) {
        w.putVstring(xname);
      }
    }
  }

  /** A request without data (no ITEM_TRANSFER, or --dry-run): echo it. */
  record Echo(Attrs attrs) implements SendStep {
  }

  /** A file to send; {@code sums} is null in append mode (only the head is sent). */
  record Transfer(Attrs attrs, SumHead head, BlockSums sums, AppendMode append)
      implements SendStep {
    long sumBytes() {
      return sums == null ? 0 : (long) head.count() * (4 + head.strongLength());
    }
  }

  /** NDX_DONE ending phase 1 or 2: echo it. */
  record PhaseDone() implements SendStep {
  }

  /** The third NDX_DONE: MSG_IO_ERROR if needed, NDX_DONE, the statistics. */
  record EndOfFiles(boolean goodbyeFollows) implements SendStep {
  }

  /** NDX_DEL_STATS from the client: echoed with its five values. */
  record DelStats(int[] values) implements SendStep {
  }

  /** The protocol-31 goodbye: the sender answers the client's NDX_DONE with one. */
  record GoodbyeEcho() implements SendStep {
  }

  /** The client's last NDX_DONE: the session ends cleanly. */
  record Finish() implements SendStep {
  }
}
