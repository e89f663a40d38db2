package dev.sower.rsync.daemon;

import static dev.sower.rsync.wire.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sower.rsync.wire.Bytes;
import dev.sower.rsync.wire.ProtocolException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** HAProxy PROXY protocol v1 and v2 headers before the rsync greeting. */
class ProxyHeaderDecoderTest {
  private static final byte[] V1 = "PROXY TCP4 192.0.2.7 198.51.100.1 40000 873\r\n@RSYNCD"
      .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] V2 = hex(
      "0d 0a 0d 0a 00 0d 0a 51 55 49 54 0a"   // signature
      + "21"                                   // version 2, command PROXY
      + "11"                                   // AF_INET, STREAM
      + "00 0c"                                // 12 bytes of addresses
      + "c0 00 02 07 | c6 33 64 01"           // 192.0.2.7 -> 198.51.100.1
      + "9c 40 | 03 69"                        // ports 40000 -> 873
      + "40 52");                              // "@R": the client's bytes that follow

  private static InetSocketAddress decodeTrickled(byte[] all) throws ProtocolException {
    ProxyHeaderDecoder d = new ProxyHeaderDecoder();
    Bytes.Feed feed = new Bytes.Feed();
    for (byte b : all) {
      ByteBuffer buf = feed.add(b);
      ProxyHeaderDecoder.Result r = d.decode(buf);
      if (r != null) {
        return r.source().orElseThrow();
      }
      assertThat(buf.position()).isZero();
    }
    throw new AssertionError("header never completed");
  }

  @Test
  void v1WholeLeavesFollowingBytes() throws Exception {
    ByteBuffer in = ByteBuffer.wrap(V1);
    InetSocketAddress a = new ProxyHeaderDecoder().decode(in).source().orElseThrow();
    assertThat(a.getAddress().getHostAddress()).isEqualTo("192.0.2.7");
    assertThat(a.getPort()).isEqualTo(40000);
    assertThat(in.remaining()).isEqualTo(7);
  }

  @Test
  void v1AndV2OneByteAtATime() throws Exception {
    assertThat(decodeTrickled(V1).getAddress().getHostAddress()).isEqualTo("192.0.2.7");
    InetSocketAddress a = decodeTrickled(V2);
    assertThat(a.getAddress().getHostAddress()).isEqualTo("192.0.2.7");
    assertThat(a.getPort()).isEqualTo(40000);
  }

  @Test
  void v2WholeLeavesFollowingBytes() throws Exception {
    ByteBuffer in = ByteBuffer.wrap(V2);
    assertThat(new ProxyHeaderDecoder().decode(in)).isNotNull();
    assertThat(in.remaining()).isEqualTo(2);
  }

  @Test
  void unknownAndLocalKeepTheSocketAddress() throws Exception {
    assertThat(new ProxyHeaderDecoder().decode(ByteBuffer.wrap(
        "PROXY UNKNOWN\r\n".getBytes(StandardCharsets.US_ASCII))).source()).isEmpty();
    assertThat(new ProxyHeaderDecoder().decode(ByteBuffer.wrap(hex(
        "0d 0a 0d 0a 00 0d 0a 51 55 49 54 0a 20 00 00 00"))).source()).isEmpty();
  }

  @Test
  void refusesGarbageAndOverlongHeaders() {
    assertThatThrownBy(() -> new ProxyHeaderDecoder().decode(ByteBuffer.wrap(
        "@RSYNCD: 31.0\n".getBytes(StandardCharsets.US_ASCII))))
        .isInstanceOf(ProtocolException.class);
    byte[] longV1 = ("PROXY TCP4 " + "1".repeat(200)).getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> new ProxyHeaderDecoder().decode(ByteBuffer.wrap(longV1)))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> new ProxyHeaderDecoder().decode(ByteBuffer.wrap(hex(
        "0d 0a 0d 0a 00 0d 0a 51 55 49 54 0a 21 11 ff ff"))))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("too long");
  }
}
