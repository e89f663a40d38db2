package dev.sower.server.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BEP 15 scrape datagrams, byte for byte; every answer cut short is refused. */
class UdpTrackerCodecTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] hex(String... parts) {
    return HEX.parseHex(String.join("", parts).replace(" ", ""));
  }

  @Test
  void connectRequest() {
    assertThat(UdpTrackerCodec.connectRequest(0x01020304)).isEqualTo(hex(
        "00000417 27101980",   // protocol_id 0x41727101980
        "00000000",            // action 0 = connect
        "01020304"));          // transaction_id
  }

  @Test
  void connectResponse() throws IOException {
    byte[] answer = hex(
        "00000000",            // action 0 = connect
        "01020304",            // transaction_id
        "8877665544332211");   // connection_id
    assertThat(UdpTrackerCodec.connectResponse(answer, 0x01020304))
        .isEqualTo(0x8877665544332211L);
    everyPrefixRefused(answer, a -> UdpTrackerCodec.connectResponse(a, 0x01020304));
    assertThatThrownBy(() -> UdpTrackerCodec.connectResponse(answer, 0x01020305))
        .hasMessageContaining("another transaction");
  }

  @Test
  void scrapeRequest() {
    byte[] h1 = HEX.parseHex("0123456789abcdef0123456789abcdef01234567");
    byte[] h2 = HEX.parseHex("ffeeddccbbaa99887766554433221100ffeeddcc");
    assertThat(UdpTrackerCodec.scrapeRequest(0x8877665544332211L, 7, List.of(h1, h2)))
        .isEqualTo(hex(
            "8877665544332211",                           // connection_id
            "00000002",                                   // action 2 = scrape
            "00000007",                                   // transaction_id
            "0123456789abcdef0123456789abcdef01234567",   // info_hash 1
            "ffeeddccbbaa99887766554433221100ffeeddcc")); // info_hash 2
    assertThatThrownBy(() -> UdpTrackerCodec.scrapeRequest(1, 1, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UdpTrackerCodec.scrapeRequest(1, 1,
        java.util.Collections.nCopies(UdpTrackerCodec.MAX_HASHES + 1, h1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scrapeResponse() throws IOException {
    byte[] answer = hex(
        "00000002",            // action 2 = scrape
        "00000007",            // transaction_id
        "00000003", "0000000a", "00000002",   // torrent 1: seeders 3, completed 10, leechers 2
        "00000001", "00000000", "ffffffff");  // torrent 2: seeders 1, completed 0, leechers 2^32-1
    assertThat(UdpTrackerCodec.scrapeResponse(answer, 7, 2)).containsExactly(
        new SwarmCounts(3, 2, 10), new SwarmCounts(1, Integer.MAX_VALUE, 0));
    everyPrefixRefused(answer, a -> UdpTrackerCodec.scrapeResponse(a, 7, 2));
    // an answer for fewer torrents than asked is refused too
    assertThatThrownBy(() -> UdpTrackerCodec.scrapeResponse(answer, 7, 3))
        .hasMessageContaining("expected 44");
  }

  @Test
  void errorAnswer() {
    byte[] answer = hex(
        "00000003",            // action 3 = error
        "00000007",            // transaction_id
        "6e6f7420616c6c6f776564"); // message "not allowed"
    assertThatThrownBy(() -> UdpTrackerCodec.scrapeResponse(answer, 7, 1))
        .isInstanceOf(IOException.class).hasMessage("UDP tracker error: not allowed");
  }

  @Test
  void answerWithTheWrongAction() {
    byte[] answer = hex("00000001", "00000007", "0000000000000000");
    assertThatThrownBy(() -> UdpTrackerCodec.connectResponse(answer, 7))
        .hasMessageContaining("action 1");
  }

  private interface Decode {
    Object apply(byte[] datagram) throws IOException;
  }

  private static void everyPrefixRefused(byte[] whole, Decode decode) {
    for (int n = 0; n < whole.length; n++) {
      byte[] prefix = Arrays.copyOf(whole, n);
      assertThatThrownBy(() -> decode.apply(prefix)).as("first %d of %d bytes", n, whole.length)
          .isInstanceOf(IOException.class);
    }
  }
}
