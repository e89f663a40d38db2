package dev.sower.server.bt;

import static org.assertj.core.api.Assertions.assertThat;

import bt.protocol.crypto.EncryptionPolicy;
import dev.sower.server.bt.AnnounceQuery.Event;
import dev.sower.server.bt.AnnounceQuery.Transfer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The announce URL, byte for byte, for given inputs (the parameters of Bt 1.10's HttpTracker). */
class AnnounceQueryTest {
  /** An info-hash holding every class of byte: unreserved, reserved, space, %, high bytes. */
  static final byte[] INFO_HASH =
      HexFormat.of().parseHex("00417a30392d2e5f7e2025262f3d3f80ff7f5a61");
  static final byte[] PEER_ID =
      "-SW0100-abc\u0001\u00ff~. +/xyz".getBytes(StandardCharsets.ISO_8859_1);

  @Test
  void everyParameterInBtsOrder() throws Exception {
    AnnounceQuery q = new AnnounceQuery(INFO_HASH, PEER_ID, InetAddress.getByName("192.0.2.7"),
        6881, new Transfer(1000, 0, 0), 50, new byte[] {1, 'k', (byte) 0xfe},
        "id 1".getBytes(StandardCharsets.US_ASCII), Event.STARTED,
        EncryptionPolicy.PREFER_PLAINTEXT);
    assertThat(q.appendTo("http://t.example:6969/announce")).isEqualTo(
        "http://t.example:6969/announce?"
            + "info_hash=%00Az09-._~%20%25%26%2F%3D%3F%80%FF%7FZa"
            + "&peer_id=-SW0100-abc%01%FF~.%20%2B%2Fxyz"
            + "&ip=192.0.2.7&port=6881&uploaded=1000&downloaded=0&left=0"
            + "&compact=1&numwant=50&key=%01k%FE&trackerid=id%201&event=started"
            + "&supportcrypto=1");
  }

  @Test
  void periodicQueryWithoutStateAfterAnExistingQuery() {
    AnnounceQuery q = new AnnounceQuery(INFO_HASH, PEER_ID, null, 51413,
        new Transfer(5, 7, Transfer.UNKNOWN), 0, null, null, Event.NONE,
        EncryptionPolicy.REQUIRE_PLAINTEXT);
    assertThat(q.appendTo("https://t.example/a.php?passkey=x%2Fy")).isEqualTo(
        "https://t.example/a.php?passkey=x%2Fy&"
            + "info_hash=%00Az09-._~%20%25%26%2F%3D%3F%80%FF%7FZa"
            + "&peer_id=-SW0100-abc%01%FF~.%20%2B%2Fxyz"
            + "&port=51413&uploaded=5&downloaded=7&compact=1&numwant=0");
    AnnounceQuery noState = new AnnounceQuery(INFO_HASH, PEER_ID, null, 1, null, 3, null, null,
        Event.STOPPED, EncryptionPolicy.REQUIRE_ENCRYPTED);
    assertThat(noState.appendTo("http://t/")).endsWith(
        "&port=1&compact=1&numwant=3&event=stopped&requirecrypto=1");
    assertThat(noState.withTrackerId(new byte[] {'z'}).appendTo("http://t/"))
        .endsWith("&numwant=3&trackerid=z&event=stopped&requirecrypto=1");
  }

  @Test
  void binaryValuesDecodeBackToTheirBytes() {
    for (int b = 0; b < 256; b++) {
      byte[] hash = new byte[20];
      hash[3] = (byte) b;
      String url = new AnnounceQuery(hash, PEER_ID, null, 1, null, 1, null, null, Event.NONE,
          EncryptionPolicy.REQUIRE_PLAINTEXT).appendTo("http://t/a");
      String value = url.substring(url.indexOf("info_hash=") + 10, url.indexOf("&peer_id"));
      assertThat(percentDecode(value)).as("byte %d", b).isEqualTo(hash);
    }
  }

  /** RFC 3986 percent-decoding (not form decoding: '+' stays '+'). */
  static byte[] percentDecode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        out.write(HexFormat.fromHexDigits(s, i + 1, i + 3));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toByteArray();
  }
}
