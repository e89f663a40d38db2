package dev.sower.select;

import dev.sower.dataset.RawPaths;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/** Opens a metadata file or stream by its content: xz or not, then tar or JSON lines. */
final class MetadataStreams {
  private MetadataStreams() {}

  /** Decoder threads for multi-block xz files. */
  private static final int XZ_THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());

  static long readFile(Path path, String name, XzDecoder decoder, LineHandler handler)
      throws SelectException {
    try (InputStream in = open(path, decoder)) {
      return readStream(in, name, handler);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new SelectException("no such file: " + RawPaths.printable(path), e);
    } catch (IOException e) {
      throw new SelectException("cannot read " + RawPaths.printable(path) + ": " + e.getMessage(), e);
    }
  }

  /**
   * The file's bytes, or its decompressed bytes when it is an xz file read by the native
   * {@code xz} or a multi-block xz file (decoded on several threads here).
   */
  private static InputStream open(Path path, XzDecoder decoder) throws IOException {
    byte[] head = new byte[XZ_MAGIC.length];
    int got;
    try (InputStream in = Files.newInputStream(path)) {
      got = in.readNBytes(head, 0, head.length);
    }
    boolean xz = got == head.length && Arrays.equals(head, XZ_MAGIC);
    if (xz && (decoder == XzDecoder.NATIVE || decoder == XzDecoder.AUTO
        && XzDecoder.nativeProgram() != null && RawPaths.isUtf8(RawPaths.bytes(path)))) {
      return openNative(path);
    }
    if (xz) {
      InputStream parallel = ParallelXzInputStream.openIfWorthwhile(path, XZ_THREADS);
      if (parallel != null) {
        return parallel;
      }
    }
    return Files.newInputStream(path);
  }

  private static InputStream openNative(Path path) throws IOException {
    Path program = XzDecoder.nativeProgram();
    if (program == null) {
      throw new IOException("--xz-decoder native: no xz program on the PATH");
    }
    if (!RawPaths.isUtf8(RawPaths.bytes(path))) {
      throw new IOException("--xz-decoder native: cannot pass a file name that is not UTF-8 to xz");
    }
    return NativeXzInputStream.open(program, path);
  }

  private static final byte[] XZ_MAGIC = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0};

  /** Reads a stream that may be xz-compressed, a tar, both, or plain JSON lines. */
  static long readStream(InputStream raw, String name, LineHandler handler)
      throws SelectException {
    try {
      BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
      byte[] head = peek(in, XZ_MAGIC.length);
      if (Arrays.equals(head, XZ_MAGIC)) {
        InputStream xz;
        try {
          xz = new XZCompressorInputStream(in);
        } catch (IOException e) {
          throw new SelectException(name + ": not a readable xz file: " + e.getMessage(), e);
        }
        in = new BufferedInputStream(xz, 1 << 16);
      }
      byte[] block = peek(in, 512);
      if (TarArchiveInputStream.matches(block, block.length)) {
        return readTar(in, name, handler);
      }
      return new LineReader().read(in, name, handler);
    } catch (EOFException e) {
      throw new SelectException(name + ": input ends early (truncated or corrupt)" + reason(e), e);
    } catch (IOException e) {
      throw new SelectException(name + ": cannot read (truncated or corrupt?)" + reason(e), e);
    }
  }

  private static long readTar(InputStream in, String name, LineHandler handler)
      throws SelectException, IOException {
    LineReader lines = new LineReader();
    long total = 0;
    String last = "the start";
    TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
    while (true) {
      TarArchiveEntry e;
      try {
        e = tar.getNextEntry();
      } catch (IOException ex) {
        throw new SelectException(name + ": archive ends early or is corrupt (truncated or corrupt)"
            + " after " + last + reason(ex), ex);
      }
      if (e == null) {
        return total;
      }
      if (!e.isFile()) {
        continue;
      }
      last = "entry " + e.getName();
      total += lines.read(tar, name + ": " + e.getName(), handler);
    }
  }

  /** ": message" of an exception, or nothing when it has none. */
  static String reason(Exception e) {
    return e.getMessage() == null ? "" : ": " + e.getMessage();
  }

  private static byte[] peek(BufferedInputStream in, int n) throws IOException {
    in.mark(n);
    byte[] b = new byte[n];
    int got = 0;
    while (got < n) {
      int r = in.read(b, got, n - got);
      if (r < 0) {
        break;
      }
      got += r;
    }
    in.reset();
    return got == n ? b : Arrays.copyOf(b, got);
  }
}
