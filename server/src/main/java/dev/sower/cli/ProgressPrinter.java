package dev.sower.cli;

import dev.sower.torrent.Progress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows a {@link Progress} while a command runs: a bar redrawn in place on a terminal, one line every
 * ten seconds otherwise (logs, CI).
 */
final class ProgressPrinter implements AutoCloseable {
  private final Progress progress;
  private final PrintWriter out;
  private final boolean tty;
  private final Thread thread;
  private volatile boolean stop;

  ProgressPrinter(Progress progress, PrintWriter out) {
    this.progress = progress;
    this.out = out;
    this.tty = System.console() != null && System.getenv("TERM") != null
        && !"dumb".equals(System.getenv("TERM"));
    this.thread = new Thread(this::loop, "sower-progress");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void loop() {
    long start = System.nanoTime();
    long interval = tty ? 250 : 10_000;
    while (!stop) {
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
      if (stop) {
        return;
      }
      String line = line(start);
      synchronized (out) {
        if (tty) {
          out.print("\r" + line + "\u001b[K");
        } else {
          out.println(line);
        }
        out.flush();
      }
    }
  }

  private String line(long start) {
    long done = progress.done();
    long total = progress.total();
    double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
    if (total <= 0) {
      return progress.phase();
    }
    double frac = Math.min(1.0, (double) done / total);
    String bar = "";
    if (tty) {
      int w = 30;
      int filled = (int) (frac * w);
      bar = "[" + "#".repeat(filled) + " ".repeat(w - filled) + "] ";
    }
    return String.format(Locale.ROOT, "%s %s%5.1f%% %s of %s, %s/s", progress.phase(), bar,
        frac * 100, Sizes.human(done), Sizes.human(total), Sizes.human((long) (done / secs)));
  }

  @Override
  public void close() {
    stop = true;
    thread.interrupt();
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (tty) {
      synchronized (out) {
        out.print("\r\u001b[K");
        out.flush();
      }
    }
  }
}
