package dev.sower.server.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scrape URL convention and the bencoded scrape answer. */
class HttpScrapeTest {
  @Test
  void scrapeUrlByConvention() {
    assertThat(HttpScrape.scrapeUrl("http://t.example:6969/announce"))
        .isEqualTo("http://t.example:6969/scrape");
    assertThat(HttpScrape.scrapeUrl("http://t.example/x/announce.php?passkey=ab/c"))
        .isEqualTo("http://t.example/x/scrape.php?passkey=ab/c");
    assertThat(HttpScrape.scrapeUrl("http://t.example/announce?k=1"))
        .isEqualTo("http://t.example/scrape?k=1");
    assertThat(HttpScrape.scrapeUrl("http://t.example/a")).isNull();
    assertThat(HttpScrape.scrapeUrl("http://t.example/x/announce/y")).isNull();
    assertThat(TrackerScrape.forAnnounceUrl("http://t.example/tracker")).isNull();
    assertThat(TrackerScrape.forAnnounceUrl("udp://t.example:6969/announce"))
        .isInstanceOf(UdpScrape.class);
  }

  @Test
  void opentrackerAnswer() throws IOException {
    // opentracker's answer for one torrent (recorded): d5:filesd20:<hash>d8:completei1e
    // 10:downloadedi0e10:incompletei0eeee
    byte[] hash = HexFormat.of().parseHex("0123456789abcdef0123456789abcdef01234567");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("d5:filesd20:".getBytes(StandardCharsets.US_ASCII));
    bytes.writeBytes(hash);
    bytes.writeBytes("d8:completei1e10:downloadedi4e10:incompletei2eeee"
        .getBytes(StandardCharsets.US_ASCII));
    byte[] answer = bytes.toByteArray();
    Map<String, SwarmCounts> counts = HttpScrape.parse(answer);
    assertThat(counts).containsExactly(
        Map.entry("0123456789abcdef0123456789abcdef01234567", new SwarmCounts(1, 2, 4)));
    for (int n = 0; n < answer.length; n++) {
      byte[] prefix = Arrays.copyOf(answer, n);
      assertThatThrownBy(() -> HttpScrape.parse(prefix)).as("first %d bytes", n)
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void failureReason() {
    byte[] answer = "d14:failure reason11:not allowede".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> HttpScrape.parse(answer)).isInstanceOf(IOException.class)
        .hasMessageContaining("not allowed");
  }
}
