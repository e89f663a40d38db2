package dev.sower.select;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starting and stopping the real programs the integration tests drive. */
final class ExternalProcess {
  private ExternalProcess() {}

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts {@code command}, its output going to {@code log}. */
  static Process start(List<String> command, Path log) throws IOException {
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
  }

  /** Runs {@code command} to completion (at most {@code timeout}); returns its exit code. */
  static int run(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
    Process p = start(command, log);
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(command.get(0) + " did not finish in " + timeout + "; log:\n" + read(log));
      }
      return p.exitValue();
    } finally {
      stop(p);
    }
  }

  static void awaitPort(int port, Process p, Path log) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("process exited with " + p.exitValue() + "; log:\n" + read(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("nothing listens on port " + port + "; log:\n" + read(log));
  }

  static void stop(Process p) throws InterruptedException {
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroy();
    if (!p.waitFor(5, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
  }

  static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "(no log)";
  }
}
