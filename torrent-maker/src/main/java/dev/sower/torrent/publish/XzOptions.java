package dev.sower.torrent.publish;

import java.io.IOException;
import java.io.OutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * xz streams with a dictionary sized to the data (preset 6, dictionary between 256 KiB and 8 MiB):
 * a small output does not pay for zeroing preset 6's 8 MiB window, a large one compresses as well
 * as {@code xz -6}. Single-threaded, so the bytes depend only on the input and the size hint.
 */
final class XzOptions {
  private XzOptions() {}

  static OutputStream stream(OutputStream out, long sizeHint) throws IOException {
    LZMA2Options o = new LZMA2Options(6);
    long dict = Math.max(256 * 1024, Math.min(8L << 20, Long.highestOneBit(Math.max(1, sizeHint)) * 2));
    o.setDictSize((int) dict);
    return new XZOutputStream(out, o);
  }
}
