package dev.sower.server.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedTrackerTest {
  static final byte[] HASH = new byte[20];
  static final String HASH_Q = "%00".repeat(20);

  static {
    HASH[0] = (byte) 0xAB;
  }

  static final String HASH_QUERY = "%AB" + "%00".repeat(19);

  private static String latin1(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  private static String peerId(char c) {
    return String.valueOf(c).repeat(20);
  }

  private final MutableClock clock = new MutableClock();

  private EmbeddedTracker tracker() {
    EmbeddedTracker t = new EmbeddedTracker(1800, 3, clock);
    t.setTorrents(List.of(HASH));
    return t;
  }

  @Test
  void announceAnswersWithCompactIpv4AndIpv6Peers() throws Exception {
    EmbeddedTracker t = tracker();
    // The seeder (left=0) from 10.0.0.1:6881, a leecher from [2001:db8::1]:51413.
    t.announce("info_hash=" + HASH_QUERY + "&peer_id=" + peerId('S') + "&port=6881&left=0"
        + "&event=started&compact=1", InetAddress.getByName("10.0.0.1"));
    t.announce("info_hash=" + HASH_QUERY + "&peer_id=" + peerId('L') + "&port=51413&left=5",
        InetAddress.getByName("2001:db8::1"));
    byte[] response = t.announce("info_hash=" + HASH_QUERY + "&peer_id=" + peerId('N')
        + "&port=7000&left=100&compact=1", InetAddress.getByName("127.0.0.1"));
    // Keys in sorted order; peers: 4 address bytes + 2 port bytes; peers6: 16 + 2.
    String v6 = latin1(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 1, (byte) 0xc8, (byte) 0xd5});
    assertThat(latin1(response)).isEqualTo("d"
        + "8:completei1e"
        + "10:incompletei2e"
        + "8:intervali1800e"
        + "12:min intervali900e"
        + "5:peers6:" + latin1(new byte[] {10, 0, 0, 1, 0x1a, (byte) 0xe1})
        + "6:peers618:" + v6
        + "e");
  }

  @Test
  void aSeedIsNotGivenOtherSeedsAndStoppedPeersLeave() throws Exception {
    EmbeddedTracker t = tracker();
    t.announce("info_hash=" + HASH_QUERY + "&peer_id=" + peerId('A') + "&port=1&left=0",
        InetAddress.getByName("10.0.0.1"));
    byte[] r = t.announce("info_hash=" + HASH_QUERY + "&peer_id=" + peerId('B')
        + "&port=2&left=0", InetAddress.getByName("10.0.0.2"));
    assertThat(latin1(r)).contains("5:peers0:").contains("8:completei2e");
    t.announce("info_hash=" + HASH_QUERY + "&peer_id=" + peerId('A') + "&port=1&left=0"
        + "&event=stopped", InetAddress.getByName("10.0.0.1"));
    assertThat(t.counts().get(0).seeders()).isEqualTo(1);
  }

  @Test
  void peersSilentForTwoIntervalsExpireAndSwarmsAreBounded() throws Exception {
    EmbeddedTracker t = tracker();
    for (char c : new char[] {'a', 'b', 'c', 'd'}) {
      t.announce("info_hash=" + HASH_QUERY + "&peer_id=" + peerId(c) + "&port=9&left=1",
          InetAddress.getByName("10.0.0.9"));
    }
    assertThat(t.counts().get(0).leechers()).isEqualTo(3); // the oldest made room
    clock.advance(2 * 1800 * 1000L + 1);
    assertThat(t.counts().get(0).leechers()).isZero();
  }

  @Test
  void scrapeAndFailuresAreBencoded() throws Exception {
    EmbeddedTracker t = tracker();
    t.announce("info_hash=" + HASH_QUERY + "&peer_id=" + peerId('S') + "&port=1&left=0",
        InetAddress.getByName("10.0.0.1"));
    assertThat(latin1(t.scrape("info_hash=" + HASH_QUERY))).isEqualTo("d5:filesd20:"
        + latin1(HASH) + "d8:completei1e10:downloadedi0e10:incompletei0eeee");
    assertThat(latin1(t.announce("info_hash=" + HASH_Q + "&peer_id=" + peerId('S') + "&port=1",
        InetAddress.getByName("10.0.0.1"))))
        .isEqualTo("d14:failure reason50:unknown torrent (this tracker serves only its own)e");
    assertThat(latin1(t.announce("info_hash=%AB&peer_id=x&port=1",
        InetAddress.getByName("10.0.0.1"))))
        .isEqualTo("d14:failure reason26:info_hash must be 20 bytese");
    assertThat(latin1(t.announce("info_hash=" + HASH_QUERY + "&peer_id=" + peerId('S')
        + "&port=70000", InetAddress.getByName("10.0.0.1"))))
        .contains("port out of range: 70000");
    assertThat(latin1(t.announce("info_hash=%A", InetAddress.getByName("10.0.0.1"))))
        .contains("truncated %-escape");
    assertThat(t.refused()).isEqualTo(4);
  }

  static final class MutableClock extends Clock {
    private long millis = 1_000_000;

    void advance(long ms) {
      millis += ms;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
      return millis;
    }
  }
}
