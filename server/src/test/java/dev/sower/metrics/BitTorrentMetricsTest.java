package dev.sower.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BitTorrentMetricsTest {
  @Test
  void perTorrentMetersShowInTheScrapeWithTheirLabels() {
    try (SowerMetrics metrics = SowerMetrics.create("0.1.0")) {
      BitTorrentMetrics bt = new BitTorrentMetrics(metrics.registry());
      AtomicInteger dht = new AtomicInteger(0);
      bt.dhtNodes(dht::get);
      BitTorrentMetrics.Torrent t = bt.torrent("original-0000-0099");
      t.swarm(BitTorrentMetrics.SwarmSource.EMBEDDED, 1, 2, 0);
      t.swarm(BitTorrentMetrics.SwarmSource.EMBEDDED, 2, 1, 1);
      t.peers(3, 1, 2);
      t.uploaded(16_384);
      t.uploaded(16_384);
      t.pieceServed();
      t.verificationFailed();
      t.announced(BitTorrentMetrics.AnnounceResult.SUCCESS, Duration.ofMillis(30));
      dht.set(42);
      assertThat(bt.torrent("original-0000-0099")).isSameAs(t);

      String text = metrics.scrape();
      String tag = "torrent=\"original-0000-0099\"";
      assertThat(text)
          .contains("sower_bt_swarm_seeders{source=\"embedded\"," + tag + "} 2.0\n")
          .contains("sower_bt_swarm_leechers{source=\"embedded\"," + tag + "} 1.0\n")
          .contains("sower_bt_swarm_completed_total{source=\"embedded\"," + tag + "} 1.0\n")
          .doesNotContain("source=\"external\"")
          .contains("sower_bt_peers_connected{direction=\"incoming\"," + tag + "} 3.0\n")
          .contains("sower_bt_peers_connected{direction=\"outgoing\"," + tag + "} 1.0\n")
          .contains("sower_bt_peers_interested{" + tag + "} 2.0\n")
          .contains("sower_bt_uploaded_bytes_total{" + tag + "} 32768.0\n")
          .contains("sower_bt_pieces_served_total{" + tag + "} 1.0\n")
          .contains("sower_bt_piece_verification_failures_total{" + tag + "} 1.0\n")
          .contains("sower_bt_announces_seconds_count{result=\"success\"," + tag + "} 1\n")
          .contains("sower_bt_announces_seconds_bucket{result=\"success\"," + tag + ",le=\"0.05\"} 1\n")
          .contains("sower_bt_dht_nodes 42.0\n");
    }
  }

  @Test
  void removingATorrentRemovesOnlyItsSeries() {
    try (SowerMetrics metrics = SowerMetrics.create("0.1.0")) {
      BitTorrentMetrics bt = new BitTorrentMetrics(metrics.registry());
      bt.torrent("original-0000-0099").swarm(BitTorrentMetrics.SwarmSource.EXTERNAL, 5, 0, 9);
      bt.torrent("512px-0000-0999").uploaded(10);
      bt.remove("original-0000-0099");
      String text = metrics.scrape();
      assertThat(text).doesNotContain("original-0000-0099")
          .contains("sower_bt_uploaded_bytes_total{torrent=\"512px-0000-0999\"} 10.0\n");
      // A torrent seeded again starts fresh.
      bt.torrent("original-0000-0099").uploaded(1);
      assertThat(metrics.scrape())
          .contains("sower_bt_uploaded_bytes_total{torrent=\"original-0000-0099\"} 1.0\n");
    }
  }
}
