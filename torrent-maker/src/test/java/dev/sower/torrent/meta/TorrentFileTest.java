package dev.sower.torrent.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sower.torrent.bencode.BencodeException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TorrentFileTest {
  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void createThenParseRoundTrips() {
    byte[] pieces = new byte[40];
    pieces[0] = 1;
    TorrentFile.Encoded e = TorrentFile.create(ascii("ds"), 16384, pieces,
        List.of(ascii("original/0001/1001.jpg"), new byte[] {'a', '/', (byte) 0xE9}),
        List.of(20000L, 5L), List.of("http://a/announce", "http://b/announce"),
        List.of("http://w/"), OptionalLong.of(1234));
    TorrentFile t = TorrentFile.parse(e.bytes());
    assertThat(t.infoHash()).isEqualTo(e.torrent().infoHash());
    assertThat(t.infoHash()).isEqualTo(TorrentFile.sha1(
        dev.sower.torrent.bencode.Bencode.encode(t.infoDict())));
    assertThat(t.files()).hasSize(2);
    assertThat(t.files().get(1).path()).containsExactly('a', '/', 0xE9);
    assertThat(t.files().get(1).offset()).isEqualTo(20000);
    assertThat(t.totalLength()).isEqualTo(20005);
    assertThat(t.pieceCount()).isEqualTo(2);
    assertThat(t.pieceHash(0)[0]).isEqualTo((byte) 1);
    assertThat(t.announce()).containsExactly("http://a/announce", "http://b/announce");
    assertThat(t.webSeeds()).containsExactly("http://w/");
    assertThat(t.creationDate()).hasValue(1234);
    assertThat(t.encode()).isEqualTo(e.bytes());
    assertThat(e.tokens()).isEqualTo(dev.sower.torrent.bencode.Bencode.countTokens(e.bytes()));
  }

  @Test
  void directEncodingEqualsTheGenericEncoderForEveryShape() {
    java.util.Random r = new java.util.Random(42);
    List<List<String>> announces = List.of(List.of(), List.of("http://a/announce"),
        List.of("http://a/announce", "udp://b:80", "http://c/\u00e9"));
    List<List<String>> seeds = List.of(List.of(), List.of("http://w/"), List.of("http://w/", "ftp://x"));
    for (List<String> announce : announces) {
      for (List<String> webSeeds : seeds) {
        for (OptionalLong date : List.of(OptionalLong.empty(), OptionalLong.of(0),
            OptionalLong.of(1_700_000_000L), OptionalLong.of(-5))) {
          int n = 1 + r.nextInt(40);
          List<byte[]> paths = new java.util.ArrayList<>();
          List<Long> lengths = new java.util.ArrayList<>();
          long total = 0;
          for (int i = 0; i < n; i++) {
            byte[] p = new byte[1 + r.nextInt(30)];
            for (int j = 0; j < p.length; j++) {
              p[j] = (byte) (r.nextInt(5) == 0 && j > 0 && p[j - 1] != '/' ? '/'
                  : 1 + r.nextInt(255));
              if (p[j] == '.' || p[j] == '/' && (j == 0 || p[j - 1] == '/')) {
                p[j] = 'z';
              }
            }
            p[0] = (byte) 'x';
            p[p.length - 1] = (byte) 'y';
            paths.add(p);
            long len = r.nextInt(3) == 0 ? 0 : r.nextInt(100_000) * (r.nextBoolean() ? 1L : 3_000L);
            lengths.add(len);
            total += len;
          }
          long pieceLength = 16384L << r.nextInt(6);
          byte[] pieces = new byte[(int) ((total + pieceLength - 1) / pieceLength) * 20];
          r.nextBytes(pieces);
          byte[] name = new byte[] {'d', (byte) 0xE9, 's'};
          TorrentFile.Encoded e = TorrentFile.create(name, pieceLength, pieces, paths, lengths,
              announce, webSeeds, date);
          byte[] generic = dev.sower.torrent.bencode.Bencode.encode(e.torrent().toBencode());
          assertThat(e.bytes()).as("%s %s %s", announce, webSeeds, date).isEqualTo(generic);
          assertThat(e.tokens()).isEqualTo(dev.sower.torrent.bencode.Bencode.countTokens(generic));
          assertThat(e.torrent().infoHash()).isEqualTo(TorrentFile.sha1(
              dev.sower.torrent.bencode.Bencode.encode(e.torrent().infoDict())));
          assertThat(java.util.Arrays.copyOfRange(e.bytes(), e.piecesFrom(),
              e.piecesFrom() + pieces.length)).isEqualTo(pieces);
          assertThat(TorrentFile.parse(e.bytes()).infoHash()).isEqualTo(e.torrent().infoHash());
        }
      }
    }
  }

  @Test
  void stateEncodingEqualsTheGenericEncoder() {
    java.util.Random r = new java.util.Random(7);
    List<TorrentState.FileFacts> facts = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      byte[] p = new byte[1 + r.nextInt(20)];
      r.nextBytes(p);
      facts.add(new TorrentState.FileFacts(p, r.nextInt(3) == 0 ? 0 : r.nextLong() >>> 1,
          r.nextLong(), r.nextLong() >>> r.nextInt(63)));
    }
    byte[] hash = new byte[20];
    r.nextBytes(hash);
    for (List<TorrentState.FileFacts> f : List.of(facts, List.<TorrentState.FileFacts>of())) {
      TorrentState s = new TorrentState("original-0000-0099 \u00e9", hash, 4 << 20, f);
      assertThat(s.encode()).isEqualTo(s.encodeTree());
      assertThat(TorrentState.parse(s.encode()).files()).hasSize(f.size());
    }
  }

  @Test
  void infoHashIsTakenOverTheRawBytesOfForeignTorrents() {
    // a single-file torrent with unsorted keys in its info dictionary, as some makers write
    String info = "d6:lengthi3e4:name1:x6:pieces20:" + "a".repeat(20) + "12:piece lengthi16384ee";
    byte[] bytes = ascii("d4:info" + info + "e");
    TorrentFile t = TorrentFile.parse(bytes);
    assertThat(t.infoHashHex())
        .isEqualTo(HexFormat.of().formatHex(TorrentFile.sha1(ascii(info))));
    assertThat(t.files()).singleElement().extracting(TorrentFile.Entry::length).isEqualTo(3L);
    assertThat(t.infoHash()).isNotEqualTo(TorrentFile.sha1(
        dev.sower.torrent.bencode.Bencode.encode(t.infoDict())));
  }

  @Test
  void rejectsPathsThatEscapeOrAreAmbiguous() {
    for (String comp : List.of("2:..", "1:.", "0:", "3:a/b")) {
      byte[] bytes = ascii("d4:infod5:filesld6:lengthi1e4:pathl1:a" + comp + "eee4:name2:ds"
          + "12:piece lengthi16384e6:pieces20:" + "a".repeat(20) + "ee");
      assertThatThrownBy(() -> TorrentFile.parse(bytes)).as(comp)
          .isInstanceOf(BencodeException.class).hasMessageContaining("unsafe path component");
    }
  }
}
