package dev.sower.select;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The decompressed bytes of an xz file, decoded by the native {@code xz -dc} in a child process
 * (reading the file itself). At the end of its output the process's exit status is checked: a
 * truncated or corrupt file ends in an {@link EOFException} carrying xz's own message, as xz-java
 * would throw. Closing the stream kills the process.
 */
final class NativeXzInputStream extends InputStream {
  /** xz's error messages are kept up to this many bytes. */
  private static final int MAX_MESSAGE = 4096;

  private final Process process;
  private final InputStream out;
  private final Thread errReader;
  private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
  private boolean ended;

  private NativeXzInputStream(Process process) {
    this.process = process;
    this.out = process.getInputStream();
    this.errReader = new Thread(this::drainErrors, "sower-select-xz-stderr");
    errReader.setDaemon(true);
    errReader.start();
  }

  /**
   * Starts {@code program -T0 -dc} (several threads for a multi-block file) on {@code file} (given as the child's standard input, so its name
   * is never passed as an argument).
   */
  static NativeXzInputStream open(Path program, Path file) throws IOException {
    Process p = new ProcessBuilder(List.of(program.toString(), "-T0", "-dc"))
        .redirectInput(file.toFile())
        .start();
    return new NativeXzInputStream(p);
  }

  private void drainErrors() {
    byte[] buf = new byte[1024];
    try (InputStream err = process.getErrorStream()) {
      int n;
      while ((n = err.read(buf)) >= 0) {
        synchronized (errors) {
          if (errors.size() < MAX_MESSAGE) {
            errors.write(buf, 0, Math.min(n, MAX_MESSAGE - errors.size()));
          }
        }
      }
    } catch (IOException e) {
      // the process was killed: nothing more to say
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (ended) {
      return -1;
    }
    int n = out.read(b, off, len);
    if (n < 0) {
      ended = true;
      checkExit();
    }
    return n;
  }

  /** At the end of the output: fails unless xz exited 0. */
  private void checkExit() throws IOException {
    int status;
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IOException("xz did not exit after the end of its output");
      }
      status = process.exitValue();
      errReader.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted waiting for xz");
    }
    if (status != 0) {
      String message;
      synchronized (errors) {
        message = errors.toString(StandardCharsets.UTF_8).strip();
      }
      // "/usr/bin/xz: (stdin): Unexpected end of input": the caller names the file.
      message = message.replaceAll("(?m)^.*?\\(stdin\\): ", "").replace('\n', ' ');
      throw new EOFException("xz exited with status " + status
          + (message.isEmpty() ? "" : " (" + message + ")"));
    }
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    try {
      out.close();
    } finally {
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
