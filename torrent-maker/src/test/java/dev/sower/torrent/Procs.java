package dev.sower.torrent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs external programs for interop tests; every process is killed if it outlives its timeout. */
final class Procs {
  private Procs() {}

  /** Exit code and combined output. */
  record Result(int exit, String output) {}

  static Result run(Path dir, long timeoutSeconds, List<String> command) throws Exception {
    Path log = Files.createTempFile("proc", ".log");
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new IllegalStateException("timeout: " + command + "\n" + read(log));
      }
      return new Result(p.exitValue(), read(log));
    } finally {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(log);
    }
  }

  private static String read(Path log) throws IOException {
    return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
  }

  /** Copies the resource script {@code name} to {@code dir} and returns its path. */
  static Path script(Path dir, String name) throws IOException {
    Path p = dir.resolve(name);
    try (var in = Procs.class.getResourceAsStream(name)) {
      Files.copy(in, p);
    }
    return p;
  }

  /** A hard-linked copy of {@code src} at {@code dst} (cheap scratch copy of a dataset). */
  static void linkCopy(Path src, Path dst) throws Exception {
    Files.createDirectories(dst.getParent());
    Result r = run(src.getParent(), 120, List.of("cp", "-al", src.toString(), dst.toString()));
    if (r.exit() != 0) {
      throw new IllegalStateException("cp -al failed: " + r.output());
    }
  }
}
