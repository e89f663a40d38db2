package dev.sower.server.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TorrentFileReaderTest {
  static final String PIECES = "A".repeat(20) + "B".repeat(20);
  // A two-file torrent; 24 + 10 = 34 bytes in 32-byte pieces -> 2 pieces.
  static final String INFO = "d"
      + b("files") + "l"
      + "d" + b("length") + "i24e" + b("path") + "l" + b("original") + b("0001") + b("1.jpg")
      + "ee"
      + "d" + b("length") + "i0e" + b("path") + "l" + b("empty") + "ee"
      + "d" + b("length") + "i10e" + b("path") + "l" + b("metadata") + b("m.xz") + "ee"
      + "e"
      + b("name") + b("dataset")
      + b("piece length") + "i32e"
      + b("pieces") + b(PIECES)
      + "e";
  static final String TORRENT = "d" + b("announce") + b("http://t.example/announce")
      + b("announce-list") + "ll" + b("http://t.example/announce") + "el" + b("udp://u.ex:1/a")
      + "ee"
      + b("created by") + b("foo")
      + b("info") + INFO + "e";

  /** A bencoded string (ISO-8859-1 characters stand for bytes). */
  static String b(String s) {
    return s.length() + ":" + s;
  }

  private static SeedTorrent parse(String text) throws Exception {
    return TorrentFileReader.parse(text.getBytes(StandardCharsets.ISO_8859_1), Path.of("t"));
  }

  @Test
  void readsFilesPiecesAnnounceAndTheInfoHash() throws Exception {
    SeedTorrent t = parse(TORRENT);
    byte[] expected = MessageDigest.getInstance("SHA-1")
        .digest(INFO.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(t.infoHashHex()).isEqualTo(HexFormat.of().formatHex(expected));
    assertThat(t.name()).isEqualTo("dataset");
    assertThat(t.pieceLength()).isEqualTo(32);
    assertThat(t.pieceCount()).isEqualTo(2);
    assertThat(t.announceUrls()).containsExactly("http://t.example/announce", "udp://u.ex:1/a");
    FileTable f = t.files();
    assertThat(f.count()).isEqualTo(3);
    assertThat(new String(f.path(0), StandardCharsets.UTF_8)).isEqualTo("original/0001/1.jpg");
    assertThat(new String(f.path(2), StandardCharsets.UTF_8)).isEqualTo("metadata/m.xz");
    assertThat(f.start(2)).isEqualTo(24);
    assertThat(f.totalSize()).isEqualTo(34);
    assertThat(f.fileAt(23)).isZero();
    assertThat(f.fileAt(24)).isEqualTo(2); // the empty file holds no byte
    assertThat(t.firstFileOf(1)).isEqualTo(2);
    assertThat(t.lastFileOf(0)).isEqualTo(2);
    assertThat(t.pieceSize(1)).isEqualTo(2);
    SeedTorrent.InfoSource src = t.source();
    assertThat(TORRENT.substring((int) src.offset(), (int) src.offset() + src.length()))
        .isEqualTo(INFO);
  }

  @Test
  void keepsNonUtf8NameBytesExactly() throws Exception {
    String info = "d" + b("files") + "ld" + b("length") + "i1e" + b("path") + "l"
        + b("caf\u00e9") + "eee" + b("name") + b("d") + b("piece length") + "i32e"
        + b("pieces") + b("C".repeat(20)) + "e";
    SeedTorrent t = parse("d4:info" + info + "e");
    assertThat(t.files().path(0)).containsExactly('c', 'a', 'f', 0xE9 - 256);
  }

  @Test
  void rejectsPathsThatLeaveTheDatasetAndMalformedInput() {
    String bad = "d" + b("info") + "d" + b("files") + "ld" + b("length") + "i1e" + b("path")
        + "l" + b("..") + b("x.jpg") + "eee" + b("name") + b("d") + b("piece length") + "i32e"
        + b("pieces") + b("C".repeat(20)) + "ee";
    assertThatThrownBy(() -> parse(bad)).hasMessageContaining("would leave the dataset");
    String slash = bad.replace(b("..") + b("x.jpg"), b("a/b.jpg"));
    assertThatThrownBy(() -> parse(slash)).hasMessageContaining("contains '/' or NUL");
    assertThatThrownBy(() -> parse(TORRENT.substring(0, TORRENT.length() - 1)))
        .hasMessageContaining("unexpected end of data");
    assertThatThrownBy(() -> parse(TORRENT.replace(b(PIECES), b(PIECES.substring(1)))))
        .isInstanceOf(TorrentFormatException.class);
    assertThatThrownBy(() -> parse(TORRENT.replace("i24e", "i024e")))
        .hasMessageContaining("leading zero");
    assertThatThrownBy(() -> parse("d8:announce1:x4:infod4:name1:xee1:x"))
        .isInstanceOf(TorrentFormatException.class);
  }
}
