package dev.sower.server.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An external program started by a test, output in a log file, killed on close. */
public final class Proc implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final List<String> command;

  private Proc(Process process, Path log, List<String> command) {
    this.process = process;
    this.log = log;
    this.command = command;
  }

  public static Proc start(Path log, Path workDir, List<String> command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("LC_ALL", "C.UTF-8");
    return new Proc(pb.start(), log, command);
  }

  /** Runs to completion within {@code timeout}; fails with the log on a non-zero exit. */
  public static String run(Path log, Path workDir, Duration timeout, List<String> command)
      throws IOException, InterruptedException {
    try (Proc p = start(log, workDir, command)) {
      int code = p.waitFor(timeout);
      if (code != 0) {
        throw new AssertionError(command.get(0) + " exited " + code + ":\n" + p.output());
      }
      return p.output();
    }
  }

  public int waitFor(Duration timeout) throws InterruptedException, IOException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(command.get(0) + " did not finish within " + timeout + ":\n"
          + output());
    }
    return process.exitValue();
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String output() throws IOException {
    String text = Files.readString(log, StandardCharsets.UTF_8);
    return text.length() > 20_000 ? text.substring(text.length() - 20_000) : text;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }
}
