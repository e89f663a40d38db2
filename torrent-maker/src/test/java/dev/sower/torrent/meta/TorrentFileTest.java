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
