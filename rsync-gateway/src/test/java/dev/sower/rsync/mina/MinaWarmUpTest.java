package dev.sower.rsync.mina;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sower.rsync.daemon.SenderWarmUp;
import java.io.IOException;
import java.nio.file.Files;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sender warm-up, its scripted client talking to a throwaway daemon over a socket. */
class MinaWarmUpTest {
  @TempDir
  Path scratch;

  @Test
  void everySessionEndsCleanlyWithEveryRequestedFileSentAndTheScratchTreeIsRemoved()
      throws Exception {
    SenderWarmUp.Report r = MinaRsyncServer.warmUp(scratch, 2);
    // a round: -a asks for 8 updated, 320 new and 1200 small files; -az for 8 text files
    // (2 updated) and 300 small ones; -ac, up to date, for none
    assertThat(r.sessions()).isEqualTo(6);
    assertThat(r.stopped()).isFalse();
    assertThat(r.filesSent()).isEqualTo(2 * (8 + 320 + 1200 + 8 + 300));
    // a round: 84.5 MiB of new files and 3.5 MiB of small ones at least; with the literal runs
    // of the updates, the compressed text and the lists, well under 110 MiB
    assertThat(r.bytesSent()).isBetween(2 * (88L << 20), 2 * (110L << 20));
    try (var left = Files.list(scratch)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void backgroundRunCompletesWithTheReport() throws Exception {
    SenderWarmUp.Report r = MinaRsyncServer.warmUp(scratch).done().get(120, TimeUnit.SECONDS);
    assertThat(r.sessions()).isEqualTo(3 * SenderWarmUp.DEFAULT_ROUNDS);
    assertThat(r.stopped()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1500})
  void stoppingCutsItShortAndRemovesTheScratchTree(int afterMillis) throws Exception {
    SenderWarmUp.Running running = MinaRsyncServer.warmUp(scratch);
    Thread.sleep(afterMillis);
    running.stop(Duration.ofSeconds(60));
    SenderWarmUp.Report r = running.done().getNow(null);
    assertThat(r).isNotNull();
    assertThat(r.stopped()).isTrue();
    assertThat(r.sessions()).isLessThan(3 * SenderWarmUp.DEFAULT_ROUNDS);
    try (var left = Files.list(scratch)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aScratchDirectoryThatCannotBeWrittenIsReportedAsSuch() {
    Path missing = scratch.resolve("no/such/dir");
    assertThatThrownBy(() -> MinaRsyncServer.warmUp(missing, 1))
        .isInstanceOf(SenderWarmUp.ScratchUnavailable.class)
        .hasMessageContaining("cannot write its scratch tree under " + missing);
  }

  @Test
  void aListenerThatCannotStartLeavesNoScratchTree() throws Exception {
    assertThatThrownBy(() -> SenderWarmUp.run(scratch, 1, d -> {
      throw new IOException("no port");
    })).isInstanceOf(IOException.class).hasMessage("no port");
    try (var left = Files.list(scratch)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void treesLeftByAKilledWarmUpAreDeletedOnceOldYoungOnesStay() throws Exception {
    Path old = Files.createDirectories(scratch.resolve("sower-rsync-warm-up-1/0000"));
    Files.writeString(old.resolve("d.bin"), "x");
    Files.setLastModifiedTime(old.getParent(),
        FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    Path young = Files.createDirectories(scratch.resolve("sower-rsync-warm-up-2"));
    Path other = Files.createDirectories(scratch.resolve("not-ours"));
    Files.setLastModifiedTime(other, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    MinaRsyncServer.warmUp(scratch, 1);
    try (var left = Files.list(scratch)) {
      assertThat(left).containsExactlyInAnyOrder(young, other);
    }
  }

  /**
   * Another local user connecting to the warm-up's port (an unknown module, the module's
   * guessable prefix, the module list, which does not show it) neither fails the warm-up nor
   * mixes into its counts.
   */
  @Test
  void otherConnectionsToItsPortDoNotDisturbIt() throws Exception {
    CompletableFuture<InetSocketAddress> port = new CompletableFuture<>();
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger visits = new AtomicInteger();
    Thread intruder = new Thread(() -> {
      InetSocketAddress a = port.join();
      String[] scripts = {"@RSYNCD: 31.0\nnosuch\n",
          "@RSYNCD: 31.0\nwarm-up\n--server\0--sender\0-r\0.\0warm-up/0000/\0\0"
              + "\u0004\0\0\u0007\0\0\0\0", "@RSYNCD: 31.0\n\n"};
      while (!done.get()) {
        try (Socket s = new Socket(a.getAddress(), a.getPort())) {
          s.setSoTimeout(2000);
          s.getOutputStream().write(scripts[visits.getAndIncrement() % scripts.length]
              .getBytes(StandardCharsets.ISO_8859_1));
          s.getInputStream().read(new byte[4096]);
        } catch (IOException e) {
          // the warm-up ended, or cut us off: try again until it is done
        }
      }
    });
    intruder.start();
    try {
      SenderWarmUp.Report r = SenderWarmUp.run(scratch, 2, d -> {
        SenderWarmUp.Endpoint e = MinaRsyncServer.onLoopback(d);
        port.complete(e.address());
        return e;
      });
      assertThat(r.sessions()).isEqualTo(6);
      assertThat(r.filesSent()).isEqualTo(2 * (8 + 320 + 1200 + 8 + 300));
    } finally {
      done.set(true);
      intruder.join();
    }
    assertThat(visits.get()).isGreaterThan(2);
  }
}
