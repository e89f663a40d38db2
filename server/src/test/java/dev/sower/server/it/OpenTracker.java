package dev.sower.server.it;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code opentracker} (HTTP and UDP on one port, loopback only). Debian builds it in
 * whitelist mode and it refuses to run as root, so it runs as {@code nobody}, chrooted into a
 * directory of its own holding the whitelist of the info-hashes it may track.
 */
final class OpenTracker implements AutoCloseable {
  final int port;
  private final Process process;
  private final Path log;

  private OpenTracker(int port, Process process, Path log) {
    this.port = port;
    this.process = process;
    this.log = log;
  }

  /** Starts it tracking {@code infoHashes} (hex) and waits until its TCP port answers. */
  static OpenTracker start(Path parent, List<String> infoHashes) throws Exception {
    Path dir = Files.createTempDirectory(parent, "opentracker");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path whitelist = dir.resolve("whitelist.txt");
    Files.write(whitelist, infoHashes);
    Files.setPosixFilePermissions(whitelist, PosixFilePermissions.fromString("rw-r--r--"));
    int port = SeedServer.freePort();
    Path log = parent.resolve("opentracker-" + port + ".log");
    Process p = new ProcessBuilder("opentracker", "-i", "127.0.0.1", "-p", "" + port,
        "-P", "" + port, "-d", dir.toString(), "-u", "nobody", "-w", "whitelist.txt")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    OpenTracker tracker = new OpenTracker(port, p, log);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return tracker;
      } catch (IOException notYet) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          tracker.close();
          throw new AssertionError("opentracker did not start: " + Files.readString(log));
        }
        Thread.sleep(50);
      }
    }
  }

  String httpAnnounce() {
    return "http://127.0.0.1:" + port + "/announce";
  }

  String udpAnnounce() {
    return "udp://127.0.0.1:" + port + "/announce";
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
