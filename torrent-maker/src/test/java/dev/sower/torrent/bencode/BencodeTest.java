package dev.sower.torrent.bencode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BencodeTest {
  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] cat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** A small multi-file torrent-like value with a non-UTF-8 name and keys given out of order. */
  private static BDict sample() {
    byte[] nonUtf8 = {'c', 'a', 'f', (byte) 0xE9, '.', 'j', 'p', 'g'};
    return BDict.builder()
        .put("info", BDict.builder()
            .put("piece length", 16384)
            .put("name", "ds")
            .put("files", BList.of(
                BDict.builder().put("path", BList.of(BBytes.of("a"), new BBytes(nonUtf8)))
                    .put("length", 5).build()))
            .put("pieces", new byte[] {0, (byte) 0xff})
            .build())
        .put("announce", "http://t/a")
        .put("\u00e9", -42) // key 0xC3 0xA9 sorts after ASCII keys by unsigned bytes
        .put("Z", 0)
        .build();
  }

  private static final byte[] SAMPLE_GOLDEN = cat(
      ascii("d"),
      ascii("1:Z"), ascii("i0e"),                           // "Z": 0 (uppercase before lowercase)
      ascii("8:announce"), ascii("10:http://t/a"),          // "announce"
      ascii("4:info"), ascii("d"),                          // "info": {
      ascii("5:files"), ascii("l"), ascii("d"),             //   "files": [ {
      ascii("6:length"), ascii("i5e"),                      //     "length": 5
      ascii("4:path"), ascii("l"), ascii("1:a"),            //     "path": ["a",
      ascii("8:caf"), new byte[] {(byte) 0xE9}, ascii(".jpg"), //   "caf\xe9.jpg"]
      ascii("e"), ascii("e"), ascii("e"),                   //   } ]
      ascii("4:name"), ascii("2:ds"),                       //   "name": "ds"
      ascii("12:piece length"), ascii("i16384e"),           //   "piece length": 16384
      ascii("6:pieces"), ascii("2:"), new byte[] {0, (byte) 0xff}, // "pieces": 00 ff
      ascii("e"),                                           // }
      new byte[] {'2', ':', (byte) 0xC3, (byte) 0xA9}, ascii("i-42e"), // "é": -42
      ascii("e"));

  @Test
  void encodesCanonicallyWithKeysSortedByUnsignedBytes() {
    assertThat(Bencode.encode(sample())).isEqualTo(SAMPLE_GOLDEN);
    assertThat(BencodeWriter.encodedSize(sample())).isEqualTo(SAMPLE_GOLDEN.length);
  }

  @Test
  void decodesGoldenBytesToTheSameValue() {
    BValue v = Bencode.decode(SAMPLE_GOLDEN);
    assertThat(v).isEqualTo(sample());
    BDict info = ((BDict) v).dict("info");
    assertThat(info.integer("piece length")).isEqualTo(16384);
    assertThat(info.bytes("pieces")).containsExactly(0, 0xff);
    assertThat(((BDict) v).integer("\u00e9")).isEqualTo(-42);
  }

  @Test
  void everyStrictPrefixIsReportedAsTruncated() {
    // The byte-at-a-time check for a whole-buffer decoder: each prefix must fail, never decode.
    for (int n = 0; n < SAMPLE_GOLDEN.length; n++) {
      byte[] prefix = Arrays.copyOf(SAMPLE_GOLDEN, n);
      assertThatThrownBy(() -> Bencode.decode(prefix))
          .as("prefix of %d bytes", n)
          .isInstanceOf(BencodeException.class)
          .hasMessageContaining("truncated");
    }
  }

  @Test
  void countsTokensLikeLibtorrent() {
    // d(1) Z(1) 0(1) announce(1) url(1) info(1) d(1) files(1) l(1) d(1) length(1) 5(1) path(1)
    // l(1) a(1) cafe(1) e(1) e(1) e(1) name(1) ds(1) piece length(1) 16384(1) pieces(1) blob(1)
    // e(1) é(1) -42(1) e(1) = 29
    assertThat(Bencode.countTokens(SAMPLE_GOLDEN)).isEqualTo(29);
    assertThat(Bencode.countTokens(sample())).isEqualTo(29);
    assertThat(Bencode.countTokens(ascii("i1e"))).isEqualTo(1);
    assertThat(Bencode.countTokens(ascii("le"))).isEqualTo(2);
  }

  @Test
  void valueSpanGivesTheRawInfoBytes() {
    Bencode.Span span = Bencode.valueSpan(SAMPLE_GOLDEN, "info");
    byte[] raw = Arrays.copyOfRange(SAMPLE_GOLDEN, span.start(), span.end());
    assertThat(raw).isEqualTo(Bencode.encode(sample().dict("info")));
    assertThatThrownBy(() -> Bencode.valueSpan(SAMPLE_GOLDEN, "nope"))
        .hasMessageContaining("missing key \"nope\"");
  }

  @Test
  void integersAtTheEdgesOfLong() {
    assertThat(Bencode.encode(new BInt(Long.MIN_VALUE)))
        .isEqualTo(ascii("i-9223372036854775808e"));
    assertThat(Bencode.decode(ascii("i-9223372036854775808e"))).isEqualTo(new BInt(Long.MIN_VALUE));
    assertThat(Bencode.decode(ascii("i9223372036854775807e"))).isEqualTo(new BInt(Long.MAX_VALUE));
    assertThatThrownBy(() -> Bencode.decode(ascii("i9223372036854775808e")))
        .hasMessageContaining("64 bits");
    assertThatThrownBy(() -> Bencode.decode(ascii("i-9223372036854775809e")))
        .hasMessageContaining("64 bits");
  }

  @Test
  void rejectsMalformedInput() {
    for (String bad : List.of("i-0e", "i03e", "ie", "i-e", "i1x", "03:abc", "-1:a", "x", "d1:ai1e",
        "di1ei2ee", "d1:ai1e1:ai2ee", "i1ei2e", "l", "4:abc", "1:")) {
      assertThatThrownBy(() -> Bencode.decode(ascii(bad))).as(bad)
          .isInstanceOf(BencodeException.class);
    }
    assertThatThrownBy(() -> Bencode.decode(ascii("d1:ai1e1:ai2ee")))
        .hasMessageContaining("duplicate");
    assertThatThrownBy(() -> Bencode.decode(ascii("i1ei2e"))).hasMessageContaining("trailing");
  }

  @Test
  void acceptsUnsortedKeysAndReencodesThemSorted() {
    BValue v = Bencode.decode(ascii("d1:bi1e1:ai2ee"));
    assertThat(Bencode.encode(v)).isEqualTo(ascii("d1:ai2e1:bi1ee"));
  }

  @Test
  void enforcesLimits() {
    BencodeLimits tight = new BencodeLimits(2, 5, 3);
    assertThat(Bencode.decode(ascii("lli1eee"), new BencodeLimits(2, 100, 10)))
        .isEqualTo(BList.of(BList.of(new BInt(1))));
    assertThatThrownBy(() -> Bencode.decode(ascii("llli1eeee"), tight))
        .hasMessageContaining("nesting deeper than 2");
    assertThatThrownBy(() -> Bencode.decode(ascii("li1ei2ei3ei4ee"), tight))
        .hasMessageContaining("more than 5 tokens");
    assertThatThrownBy(() -> Bencode.decode(ascii("4:abcd"), tight))
        .hasMessageContaining("exceeds the limit of 3");
    // A huge declared length must fail on the limit, before any allocation.
    assertThatThrownBy(() -> Bencode.decode(ascii("999999999999:x")))
        .hasMessageContaining("exceeds the limit");
  }

  @Test
  void bytesCompareUnsigned() {
    assertThat(new BBytes(new byte[] {(byte) 0x80}).compareTo(new BBytes(new byte[] {0x7f})))
        .isPositive();
    assertThat(new BBytes(new byte[] {1}).compareTo(new BBytes(new byte[] {1, 0}))).isNegative();
  }
}
