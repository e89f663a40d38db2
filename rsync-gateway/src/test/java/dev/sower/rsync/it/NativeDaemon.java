package dev.sower.rsync.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real {@code rsync --daemon} on a random loopback port, killed by {@link #close}. */
final class NativeDaemon implements AutoCloseable {
  private final Process process;
  private final int port;

  private NativeDaemon(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts a daemon with the given module sections (rsyncd.conf syntax) and globals. */
  static NativeDaemon start(Path dir, String globals, String modules) throws Exception {
    String user = new String(new ProcessBuilder("id", "-un").start().getInputStream()
        .readAllBytes(), StandardCharsets.UTF_8).trim();
    String group = new String(new ProcessBuilder("id", "-gn").start().getInputStream()
        .readAllBytes(), StandardCharsets.UTF_8).trim();
    Path conf = dir.resolve("rsyncd.conf");
    Files.writeString(conf, "use chroot = no\nuid = " + user + "\ngid = " + group + "\n"
        + "pid file = " + dir.resolve("rsyncd.pid") + "\n"
        + "lock file = " + dir.resolve("rsyncd.lock") + "\n"
        + "reverse lookup = no\n" + globals + "\n" + modules);
    for (int attempt = 0; ; attempt++) {
      int port = freePort();
      Process p = new ProcessBuilder(List.of("rsync", "--daemon", "--no-detach",
          "--config=" + conf, "--port=" + port, "--address=127.0.0.1",
          "--log-file=" + dir.resolve("rsyncd.log")))
          .redirectErrorStream(true).redirectOutput(dir.resolve("rsyncd.out").toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline && p.isAlive()) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 200);
          return new NativeDaemon(p, port);
        } catch (IOException e) {
          Thread.sleep(50);
        }
      }
      p.destroyForcibly();
      if (attempt >= 2) {
        throw new IllegalStateException("rsync --daemon did not start: "
            + Files.readString(dir.resolve("rsyncd.out")));
      }
    }
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
