package dev.sower.rsync.mina;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sower.rsync.daemon.SenderWarmUp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
  void aScratchDirectoryThatCannotBeWrittenIsAnIoErrorAndNothingIsLeft() {
    Path missing = scratch.resolve("no/such/dir");
    assertThatThrownBy(() -> MinaRsyncServer.warmUp(missing, 1)).isInstanceOf(IOException.class);
    assertThat(missing).doesNotExist();
  }
}
