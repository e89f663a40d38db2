package dev.sower.rsync.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the installed rsync client and captures what it printed. */
final class RsyncClient {
  /** Stdout bytes (names may not be UTF-8), stderr as text, and the exit code. */
  record Result(byte[] stdout, String stderr, int exitCode) {
    String out() {
      return new String(stdout, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }

  private RsyncClient() {}

  static Result run(Path scratch, List<String> args) throws IOException, InterruptedException {
    return run(scratch, args, 60);
  }

  static Result run(Path scratch, List<String> args, int timeoutSeconds)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("rsync");
    cmd.addAll(args);
    Path out = Files.createTempFile(scratch, "out", ".txt");
    Path err = Files.createTempFile(scratch, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile())
        .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
            Path.of("/dev/null").toFile()));
    pb.environment().put("LC_ALL", "C.UTF-8");
    pb.environment().remove("RSYNC_PASSWORD");
    Process p = pb.start();
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new AssertionError("rsync " + args + " did not finish in " + timeoutSeconds
            + " s");
      }
      return new Result(Files.readAllBytes(out), Files.readString(err), p.exitValue());
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
