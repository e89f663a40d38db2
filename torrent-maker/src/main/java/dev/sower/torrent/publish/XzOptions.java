package dev.sower.torrent.publish;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Compresses with xz on all cores: the input is cut into fixed-size chunks, each compressed as
 * its own xz stream, and the streams are concatenated in order, which the xz format allows
 * ({@code xz -d}, {@code tar -J}, Python's {@code lzma}, Commons Compress with
 * {@code decompressConcatenated} all read it). The output depends only on the input, the preset
 * and the regions marked incompressible. xz is slow on incompressible data such as piece hashes
 * (1-4 MB/s per core, for output as large as the input), so regions known to be incompressible are
 * stored in uncompressed LZMA2 chunks instead, which is what the encoder would end up writing for
 * them anyway.
 */
final class XzOptions {
  private XzOptions() {}

  /**
   * Part of the input.
   *
   * @param from first byte
   * @param to end (exclusive)
   * @param stored true to store it without trying to compress it
   */
  record Region(int from, int to, boolean stored) {}

  /** Writes {@code data} to {@code out} as concatenated xz streams of {@code preset}, one per {@code chunk} bytes. */
  static void compress(byte[] data, int length, OutputStream out, int preset, int chunk)
      throws IOException {
    compress(data, List.of(new Region(0, length, false)), out, preset, chunk);
  }

  /**
   * Writes the {@code regions} of {@code data} (consecutive, in order) to {@code out}: each region
   * cut into {@code chunk}-byte parts, each part one xz stream, compressed with {@code preset} or
   * stored.
   */
  static void compress(byte[] data, List<Region> regions, OutputStream out, int preset, int chunk)
      throws IOException {
    List<Region> parts = new ArrayList<>();
    for (Region r : regions) {
      int from = r.from();
      do {
        int to = (int) Math.min(r.to(), (long) from + chunk);
        parts.add(new Region(from, to, r.stored()));
        from = to;
      } while (from < r.to());
    }
    byte[][] xz = new byte[parts.size()][];
    try {
      IntStream.range(0, parts.size()).parallel().forEach(i -> {
        Region p = parts.get(i);
        int len = p.to() - p.from();
        ByteArrayOutputStream bo = new ByteArrayOutputStream(p.stored() ? len + 128 : len / 2 + 64);
        try {
          LZMA2Options o = new LZMA2Options(preset);
          o.setDictSize(Math.max(LZMA2Options.DICT_SIZE_MIN,
              Math.min(chunk, Integer.highestOneBit(Math.max(1, len)) * 2)));
          if (p.stored()) {
            o.setMode(LZMA2Options.MODE_UNCOMPRESSED);
          }
          // the cache reuses the encoder's multi-megabyte arrays between streams
          XZOutputStream x = new XZOutputStream(bo, o, BasicArrayCache.getInstance());
          x.write(data, p.from(), len);
          x.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        xz[i] = bo.toByteArray();
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    for (byte[] p : xz) {
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

    void compressTo(OutputStream out, List<Region> regions, int preset, int chunk)
        throws IOException {
      compress(buf, regions, out, preset, chunk);
    }

    byte[] array() {
      return buf;
    }

    byte[] bytes() {
      return Arrays.copyOf(buf, count);
    }
  }
}
