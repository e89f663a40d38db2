package dev.sower.rsync.daemon;

import dev.sower.rsync.wire.WireBuffer;

/** The sender's final statistics (main.c {@code handle_stats}, server as sender). */
final class SendStats {
  private SendStats() {}

  /**
   * Total read, total written (every byte handed to the connection so far, so not these),
   * total size, list build and list send milliseconds: varlong30s of at least 3 bytes. The
   * client prints the second as "Total bytes received".
   */
  static void put(WireBuffer w, SenderContext ctx) {
    w.putVarlong(ctx.bytesRead(), 3);
    w.putVarlong(ctx.bytesWritten(), 3);
    w.putVarlong(ctx.list().totalSize(), 3);
    w.putVarlong(ctx.listBuildMillis(), 3);
    w.putVarlong(ctx.listTransferMillis(), 3);
  }
}
