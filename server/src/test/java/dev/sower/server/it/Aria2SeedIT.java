package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** aria2c downloads a torrent from Sower alone (embedded tracker on loopback, no DHT). */
class Aria2SeedIT {
  @TempDir
  Path tmp;

  /**
   * Also: nothing is logged at WARN or above. aria2c first tries an encrypted (MSE) handshake,
   * which Bt decoded as messages and logged as an ERROR with a stack trace ("Unknown message type
   * ID: 94", the fifth byte of aria2c's Diffie-Hellman key) before aria2c retried in plaintext.
   */
  @Test
  void aria2cDownloadsTheDatasetByteForByte() throws Exception {
    downloadsWithoutWarnings();
  }

  /**
   * aria2c holding to the encrypted (MSE) handshake, with plaintext among the methods it offers:
   * Sower answers it and selects plaintext. Sower used to close such a stream, and aria2c's default
   * (MSE first, plaintext on failure) then retried only at its next once-a-second peer round, ~1 s
   * lost per download; with {@code --bt-require-crypto} it never connected at all.
   */
  @Test
  void aria2cOfferingOnlyTheEncryptedHandshakeDownloads() throws Exception {
    downloadsWithoutWarnings("--bt-require-crypto=true", "--bt-min-crypto-level=plain");
  }

  private void downloadsWithoutWarnings(String... aria2Options) throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    root.addAppender(log);
    try (SampleRelease release = SampleRelease.start(tmp, 300, 64)) {
      Path out = Files.createDirectories(tmp.resolve("aria2"));
      Proc.run(tmp.resolve("aria2.log"), tmp, Duration.ofSeconds(120), Aria2.download(
          release.torrent, out, aria2Options));
      assertThat(Trees.differences(release.dataset, out.resolve("sample"),
          Trees.Quirk.RENAMES_NON_UTF8)).isEmpty();
      assertThat(release.server.seeding.corruptPieces()).isZero();
    } finally {
      root.detachAppender(log);
    }
    assertThat(log.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .extracting(e -> e.getFormattedMessage()
            + (e.getThrowableProxy() == null ? "" : ": " + e.getThrowableProxy().getMessage()))
        .isEmpty();
  }
}
