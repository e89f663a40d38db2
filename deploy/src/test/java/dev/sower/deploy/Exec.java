package dev.sower.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external program to completion with a time limit; never leaves it running. */
final class Exec {
  private static final long TIMEOUT_SECONDS = 60;

  record Result(List<String> command, int exitCode, String stdout, String stderr) {
    /** Both streams, for assertion messages. */
    String output() {
      return command + " exited " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  private Exec() {}

  static Result run(Path workDir, Map<String, String> env, byte[] stdin, String... command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(env);
    if (stdin == null) {
      pb.redirectInput(new File("/dev/null"));
    }
    Process p = pb.start();
    try {
      if (stdin != null) {
        p.getOutputStream().write(stdin);
        p.getOutputStream().close();
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out: " + List.of(command));
      }
      return new Result(List.of(command), p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
  }

  static Result run(Path workDir, String... command) throws IOException, InterruptedException {
    return run(workDir, Map.of(), null, command);
  }
}
