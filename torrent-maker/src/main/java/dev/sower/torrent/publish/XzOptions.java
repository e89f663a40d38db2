package dev.sower.torrent.publish;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Compresses with xz on all cores: the input is cut into fixed-size chunks, each compressed as
 * its own xz stream, and the streams are concatenated in order, which the xz format allows
 * ({@code xz -d}, {@code tar -J}, Python's {@code lzma}, Commons Compress with
 * {@code decompressConcatenated} all read it). The output depends only on the input and the
 * preset. xz is slow on incompressible data such as piece hashes (1-4 MB/s per core), so this
 * matters.
 */
final class XzOptions {
  private XzOptions() {}

  /** Writes {@code data} to {@code out} as concatenated xz streams of {@code preset}, one per {@code chunk} bytes. */
  static void compress(byte[] data, int length, OutputStream out, int preset, int chunk)
      throws IOException {
    int chunks = Math.max(1, (length + chunk - 1) / chunk);
    byte[][] parts = new byte[chunks][];
    try {
      IntStream.range(0, chunks).parallel().forEach(i -> {
        int from = i * chunk;
        int len = Math.min(chunk, length - from);
        ByteArrayOutputStream bo = new ByteArrayOutputStream(len / 2 + 64);
        try {
          LZMA2Options o = new LZMA2Options(preset);
          o.setDictSize(Math.max(LZMA2Options.DICT_SIZE_MIN,
              Math.min(chunk, Integer.highestOneBit(Math.max(1, len)) * 2)));
          XZOutputStream xz = new XZOutputStream(bo, o);
          xz.write(data, from, len);
          xz.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        parts[i] = bo.toByteArray();
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    for (byte[] p : parts) {
      out.write(p);
    }
  }

  /** An in-memory buffer whose bytes can be compressed without copying. */
  static final class Buffer extends ByteArrayOutputStream {
    Buffer(int size) {
      super(size);
    }

    void compressTo(OutputStream out, int preset, int chunk) throws IOException {
      compress(buf, count, out, preset, chunk);
    }

    byte[] bytes() {
      return Arrays.copyOf(buf, count);
    }
  }
}
