package dev.sower.server.it;

import dev.sower.cli.SowerCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code sower serve} (or {@code demo}) run by {@link SowerCli#run} on a thread of the test. */
final class InProcessServe implements AutoCloseable {
  private final StringWriter buffer = new StringWriter();
  private final AtomicInteger code = new AtomicInteger(-1);
  private final Thread thread;

  private InProcessServe(String... args) {
    PrintWriter out = new PrintWriter(buffer, true);
    thread = new Thread(() -> code.set(SowerCli.run(out, args)), "sower-under-test");
    thread.start();
  }

  /** Starts the command and waits until its output has a line matching {@code ready}. */
  static InProcessServe start(Duration timeout, Pattern ready, String... args)
      throws InterruptedException {
    InProcessServe s = new InProcessServe(args);
    s.await(ready, timeout);
    return s;
  }

  String output() {
    synchronized (buffer) {
      return buffer.toString();
    }
  }

  /** The first group of the first match of {@code p} in the output, waiting for it. */
  String await(Pattern p, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Matcher m = p.matcher(output());
      if (m.find()) {
        return m.groupCount() > 0 ? m.group(1) : m.group();
      }
      if (!thread.isAlive()) {
        throw new AssertionError("exited " + code.get() + " before printing " + p + ":\n"
            + output());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + p + " within " + timeout + ":\n" + output());
      }
      Thread.sleep(20);
    }
  }

  /** Interrupts the command (as Ctrl-C does in-process) and returns its exit code. */
  int stop() throws InterruptedException {
    thread.interrupt();
    thread.join(15_000);
    if (thread.isAlive()) {
      throw new AssertionError("still running 15 s after the interrupt:\n" + output());
    }
    return code.get();
  }

  @Override
  public void close() throws InterruptedException {
    if (thread.isAlive()) {
      stop();
    }
  }
}
