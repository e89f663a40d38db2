package dev.sower.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir
  Path tmp;

  private Path write(String yaml) throws Exception {
    Path file = tmp.resolve("sower.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void theDeployExampleLoads() throws Exception {
    Path example = Path.of("..", "deploy", "config", "sower.yaml");
    SowerConfig c = new ConfigLoader().load(example);
    assertThat(c.dataset()).isEqualTo(Path.of("/srv/dataset/anime-images-2026"));
    assertThat(c.http().listen()).isEqualTo(new HostPort("0.0.0.0", 8080));
    assertThat(c.http().publicUrl()).isEqualTo("http://seed.example.org:8080");
    assertThat(c.bittorrent().listen().port()).isEqualTo(6881);
    assertThat(c.rsync().modules()).extracting(SowerConfig.RsyncModule::name)
        .containsExactly("anime-images");
    assertThat(c.logLevel()).isEqualTo(SowerConfig.LogLevel.INFO);
  }

  @Test
  void defaultsFillWhatIsLeftOut() throws Exception {
    SowerConfig c = new ConfigLoader().load(write("dataset: /d\ntorrents: /t\n"));
    assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/sower"));
    assertThat(c.tracker().interval()).isEqualTo(1800);
    assertThat(c.bittorrent().maxOpenFiles()).isEqualTo(256);
    assertThat(c.rsync().listen()).isEqualTo(new HostPort("0.0.0.0", 873));
    assertThat(c.rsync().warmUp()).isTrue();
    assertThat(c.bittorrent().announce()).isEmpty();
  }

  @Test
  void theRsyncWarmUpCanBeTurnedOffAndTakesOnlyABoolean() throws Exception {
    SowerConfig c = new ConfigLoader().load(
        write("dataset: /d\ntorrents: /t\nrsync:\n  warm-up: false\n"));
    assertThat(c.rsync().warmUp()).isFalse();
    Path bad = write("dataset: /d\ntorrents: /t\nrsync:\n  warm-up: sometimes\n");
    assertThatThrownBy(() -> new ConfigLoader().load(bad))
        .hasMessageStartingWith(bad + ":4:")
        .hasMessageContaining("'rsync.warm-up' cannot be 'sometimes'");
  }

  @Test
  void dhtIsOffAndUploadUnlimitedByDefault() throws Exception {
    SowerConfig c = new ConfigLoader().load(write("dataset: /d\ntorrents: /t\n"));
    assertThat(c.bittorrent().dht().enabled()).isFalse();
    assertThat(c.bittorrent().dht().listen()).isEqualTo(new HostPort("0.0.0.0", 6881));
    assertThat(c.bittorrent().dht().bootstrap()).isEmpty();
    assertThat(c.bittorrent().uploadRate().unlimited()).isTrue();
    assertThat(c.bittorrent().uploadRatePerTorrent().unlimited()).isTrue();
  }

  @Test
  void dhtAndUploadRatesAreRead() throws Exception {
    SowerConfig c = new ConfigLoader().load(write("""
        dataset: /d
        torrents: /t
        bittorrent:
          upload-rate: 2MiB
          upload-rate-per-torrent: 500000
          dht:
            enabled: true
            listen: 0.0.0.0:7000
            bootstrap: [router.example.org:6881, "[2001:db8::1]:6881"]
        """));
    assertThat(c.bittorrent().uploadRate().bytesPerSecond()).isEqualTo(2 * 1024 * 1024);
    assertThat(c.bittorrent().uploadRatePerTorrent().bytesPerSecond()).isEqualTo(500_000);
    assertThat(c.bittorrent().dht().enabled()).isTrue();
    assertThat(c.bittorrent().dht().listen().port()).isEqualTo(7000);
    assertThat(c.bittorrent().dht().bootstrap()).containsExactly(
        new HostPort("router.example.org", 6881), new HostPort("2001:db8::1", 6881));
  }

  @Test
  void ratesTakeUnits() {
    assertThat(ByteRate.parse("2MB").bytesPerSecond()).isEqualTo(2_000_000);
    assertThat(ByteRate.parse("2 MiB/s").bytesPerSecond()).isEqualTo(2_097_152);
    assertThat(ByteRate.parse("500kB").bytesPerSecond()).isEqualTo(500_000);
    assertThat(ByteRate.parse("1GiB").bytesPerSecond()).isEqualTo(1L << 30);
    assertThat(ByteRate.parse("0").unlimited()).isTrue();
    assertThatThrownBy(() -> ByteRate.parse("-5")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ByteRate.parse("2TB")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBadRateNamesTheKeyAndTheForm() throws Exception {
    Path file = write("dataset: /d\ntorrents: /t\nbittorrent:\n  upload-rate: fast\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageStartingWith(file + ":4:")
        .hasMessageContaining("bittorrent.upload-rate")
        .hasMessageContaining("e.g. 2000000, 2MB, 2MiB");
  }

  @Test
  void aLoopbackDhtAddressIsRefusedWithAHint() throws Exception {
    Path file = write("dataset: /d\ntorrents: /t\nbittorrent:\n  dht:\n"
        + "    listen: 127.0.0.1:6881\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageStartingWith(file + ":")
        .hasMessageContaining("use 0.0.0.0:6881");
  }

  @Test
  void anUnknownKeyNamesFileLineAndTheClosestKey() throws Exception {
    Path file = write("dataset: /d\ntorrents: /t\nbittorrent:\n  max-conections: 5\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":4:")
        .hasMessageContaining("unknown key 'max-conections' in 'bittorrent'")
        .hasMessageContaining("did you mean 'max-connections'?");
  }

  @Test
  void aBadValueNamesTheKeyAndWhatIsExpected() throws Exception {
    Path file = write("dataset: /d\ntorrents: /t\ntracker:\n  interval: often\n");
    assertThatThrownBy(() -> new ConfigLoader().load(file))
        .hasMessageStartingWith(file + ":4:")
        .hasMessageContaining("'tracker.interval' cannot be 'often': expected a whole number");
  }

  @Test
  void outOfRangeAndMalformedAddressesAreRejectedWithAHint() throws Exception {
    Path port = write("dataset: /d\ntorrents: /t\nhttp:\n  listen: 0.0.0.0:99999\n");
    assertThatThrownBy(() -> new ConfigLoader().load(port))
        .hasMessageStartingWith(port + ":4:")
        .hasMessageContaining("port 99999 is outside 0-65535");
    Path v6 = write("dataset: /d\ntorrents: /t\nhttp:\n  listen: ::1:8080\n");
    assertThatThrownBy(() -> new ConfigLoader().load(v6))
        .hasMessageContaining("write IPv6 addresses in brackets");
    Path range = write("dataset: /d\ntorrents: /t\nbittorrent:\n  max-open-files: 0\n");
    assertThatThrownBy(() -> new ConfigLoader().load(range))
        .hasMessageContaining("bittorrent.max-open-files must be 1-65536, not 0");
    Path url = write("dataset: /d\ntorrents: /t\nbittorrent:\n  announce: [ftp://x/a]\n");
    assertThatThrownBy(() -> new ConfigLoader().load(url))
        .hasMessageContaining("is not an http://, https:// or udp:// tracker URL");
  }

  @Test
  void requiredKeysDuplicateKeysAndWrongShapesAreRejected() throws Exception {
    assertThatThrownBy(() -> new ConfigLoader().load(write("torrents: /t\n")))
        .hasMessageContaining("'dataset' is required");
    assertThatThrownBy(() -> new ConfigLoader().load(write("dataset: /d\ndataset: /e\n")))
        .hasMessageContaining("Duplicate field 'dataset'");
    assertThatThrownBy(() -> new ConfigLoader().load(
        write("dataset: /d\ntorrents: /t\nrsync: [1, 2]\n")))
        .hasMessageContaining(":3:");
    assertThatThrownBy(() -> new ConfigLoader().load(
        write("dataset: /d\ntorrents: /t\nlog-level: loud\n")))
        .hasMessageContaining("expected one of error, warn, info, debug");
    assertThatThrownBy(() -> new ConfigLoader().load(tmp.resolve("missing.yaml")))
        .hasMessageContaining("no such file");
  }
}
