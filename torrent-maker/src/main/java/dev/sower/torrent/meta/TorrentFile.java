package dev.sower.torrent.meta;

import dev.sower.torrent.bencode.BBytes;
import dev.sower.torrent.bencode.BDict;
import dev.sower.torrent.bencode.BInt;
import dev.sower.torrent.bencode.BList;
import dev.sower.torrent.bencode.BValue;
import dev.sower.torrent.bencode.BencodeBuffer;
import dev.sower.torrent.bencode.Bencode;
import dev.sower.torrent.bencode.BencodeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;

/**
 * A v1 multi-file torrent (BEP 3, with BEP 12 {@code announce-list} and BEP 19 {@code url-list}).
 *
 * <pre>{@code
 * TorrentFile t = TorrentFile.read(Path.of("out/original-0000-0099.torrent"));
 * t.name();          // top-level directory name bytes (the dataset name)
 * t.files();         // path bytes relative to name ("original/0000/1000.jpg"), length, offset
 * t.pieceHash(7);    // 20 bytes
 * t.infoHashHex();
 * }</pre>
 *
 * @param name top-level directory name bytes
 * @param pieceLength piece length in bytes
 * @param pieces concatenated 20-byte SHA-1 piece hashes (not copied: do not modify)
 * @param files files in payload order
 * @param announce tracker URLs (first is {@code announce}, all go to {@code announce-list})
 * @param webSeeds BEP 19 web seed base URLs
 * @param creationDate seconds since the epoch, written only when present
 * @param infoHash SHA-1 of the encoded info dictionary
 */
public record TorrentFile(byte[] name, long pieceLength, byte[] pieces, List<Entry> files,
    List<String> announce, List<String> webSeeds, OptionalLong creationDate, byte[] infoHash) {

  /** Value of {@code created by}; carries no version so output does not change with the build. */
  public static final String CREATED_BY = "sower";

  /**
   * One file.
   *
   * @param path path bytes relative to the torrent's name, components joined by {@code /}
   * @param length bytes
   * @param offset where the file starts in the payload
   */
  public record Entry(byte[] path, long length, long offset) {}

  public TorrentFile {
    files = List.copyOf(files);
    announce = List.copyOf(announce);
    webSeeds = List.copyOf(webSeeds);
  }

  /** Number of pieces. */
  public int pieceCount() {
    return pieces.length / 20;
  }

  /** SHA-1 of piece {@code i}. */
  public byte[] pieceHash(int i) {
    return Arrays.copyOfRange(pieces, i * 20, i * 20 + 20);
  }

  /** Total payload bytes. */
  public long totalLength() {
    return files.isEmpty() ? 0 : files.get(files.size() - 1).offset()
        + files.get(files.size() - 1).length();
  }

  /** Info-hash as 40 lowercase hex digits. */
  public String infoHashHex() {
    return HexFormat.of().formatHex(infoHash);
  }

  /**
   * A torrent with its canonical encoding.
   *
   * @param torrent the torrent
   * @param bytes its .torrent bytes
   * @param tokens bencode tokens in {@code bytes}
   * @param piecesFrom where the raw piece hashes start in {@code bytes} (they end 20 bytes per
   *     piece later); piece hashes do not compress, archives store them as they are
   */
  public record Encoded(TorrentFile torrent, byte[] bytes, long tokens, int piecesFrom) {}

  /**
   * Builds and encodes a torrent once, writing the canonical bytes directly (the same bytes as
   * {@code Bencode.encode(toBencode())}, without building the value tree); the info-hash is taken
   * over the info bytes just written.
   */
  public static Encoded create(byte[] name, long pieceLength, byte[] pieces,
      List<byte[]> paths, List<Long> lengths, List<String> announce, List<String> webSeeds,
      OptionalLong creationDate) {
    List<Entry> entries = new ArrayList<>(paths.size());
    long at = 0;
    long pathBytes = 0;
    for (int i = 0; i < paths.size(); i++) {
      entries.add(new Entry(paths.get(i), lengths.get(i), at));
      at += lengths.get(i);
      pathBytes += paths.get(i).length;
    }
    long guess = 256 + name.length + pieces.length + pathBytes + 48L * paths.size();
    for (String u : announce) {
      guess += 2L * u.length() + 16;
    }
    for (String u : webSeeds) {
      guess += u.length() + 8;
    }
    BencodeBuffer out = new BencodeBuffer((int) Math.min(Integer.MAX_VALUE - 16, guess));
    // keys in canonical (unsigned byte) order, as BDict would sort them
    long tokens = 2; // the top-level dictionary
    out.dict();
    if (!announce.isEmpty()) {
      out.string("announce").string(announce.get(0));
      tokens += 2;
      if (announce.size() > 1) {
        out.string("announce-list").list();
        for (String a : announce) {
          out.list().string(a).end();
        }
        out.end();
        tokens += 1 + 2 + 3L * announce.size();
      }
    }
    out.string("created by").string(CREATED_BY);
    tokens += 2;
    if (creationDate.isPresent()) {
      out.string("creation date").integer(creationDate.getAsLong());
      tokens += 2;
    }
    out.string("info");
    int infoFrom = out.size();
    out.dict();
    out.string("files").list();
    for (int i = 0; i < paths.size(); i++) {
      byte[] p = paths.get(i);
      out.dict().string("length").integer(lengths.get(i)).string("path").list();
      int start = 0;
      int comps = 0;
      for (int j = 0; j <= p.length; j++) {
        if (j == p.length || p[j] == '/') {
          out.bytes(p, start, j);
          start = j + 1;
          comps++;
        }
      }
      out.end().end();
      tokens += 2 + 2 + 1 + 2 + comps; // dict, 2 keys, length, path list, components
    }
    out.end();
    out.string("name").bytes(name);
    out.string("piece length").integer(pieceLength);
    out.string("pieces");
    out.bytes(pieces);
    int piecesFrom = out.size() - pieces.length;
    out.end();
    int infoTo = out.size();
    tokens += 1 + 2 + 4 + 2 + 1 + 1 + 1; // info key, info dict, 4 keys, files list, 3 values
    if (!webSeeds.isEmpty()) {
      out.string("url-list").list();
      for (String u : webSeeds) {
        out.string(u);
      }
      out.end();
      tokens += 1 + 2 + webSeeds.size();
    }
    out.end();
    byte[] bytes = out.toByteArray();
    byte[] hash;
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-1");
      md.update(bytes, infoFrom, infoTo - infoFrom);
      hash = md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return new Encoded(new TorrentFile(name, pieceLength, pieces, entries, announce, webSeeds,
        creationDate, hash), bytes, tokens, piecesFrom);
  }

  /** The info dictionary. */
  public BDict infoDict() {
    List<BValue> fileList = new ArrayList<>(files.size());
    for (Entry e : files) {
      List<BValue> comps = new ArrayList<>();
      int start = 0;
      byte[] p = e.path();
      for (int i = 0; i <= p.length; i++) {
        if (i == p.length || p[i] == '/') {
          comps.add(new BBytes(Arrays.copyOfRange(p, start, i)));
          start = i + 1;
        }
      }
      fileList.add(BDict.builder().put("length", e.length()).put("path", new BList(comps)).build());
    }
    return BDict.builder()
        .put("files", new BList(fileList))
        .put("name", name)
        .put("piece length", pieceLength)
        .put("pieces", pieces)
        .build();
  }

  /** The whole metainfo dictionary. */
  public BDict toBencode() {
    BDict.Builder b = BDict.builder().put("info", infoDict()).put("created by", CREATED_BY);
    if (!announce.isEmpty()) {
      b.put("announce", announce.get(0));
      if (announce.size() > 1) {
        List<BValue> tiers = new ArrayList<>();
        for (String a : announce) {
          tiers.add(BList.of(BBytes.of(a)));
        }
        b.put("announce-list", new BList(tiers));
      }
    }
    if (!webSeeds.isEmpty()) {
      List<BValue> urls = new ArrayList<>();
      for (String u : webSeeds) {
        urls.add(BBytes.of(u));
      }
      b.put("url-list", new BList(urls));
    }
    creationDate.ifPresent(d -> b.put("creation date", d));
    return b.build();
  }

  /** The canonical .torrent bytes. */
  public byte[] encode() {
    return Bencode.encode(toBencode());
  }

  /** Reads a .torrent file (v1, single- or multi-file); the info-hash is over its raw info bytes. */
  public static TorrentFile read(Path file) throws IOException {
    return parse(Files.readAllBytes(file));
  }

  /**
   * Parses .torrent bytes; throws {@link BencodeException} when they are not a v1 torrent or a path
   * component is empty, {@code .}, {@code ..} or holds {@code /} or NUL (so joined paths are
   * unambiguous and stay below the torrent's name).
   */
  public static TorrentFile parse(byte[] bytes) {
    BValue v = Bencode.decode(bytes);
    if (!(v instanceof BDict d)) {
      throw new BencodeException("a .torrent must be a dictionary", 0);
    }
    BDict info = d.dict("info");
    Bencode.Span span = Bencode.valueSpan(bytes, "info");
    byte[] infoHash = sha1(Arrays.copyOfRange(bytes, span.start(), span.end()));
    byte[] name = info.bytes("name");
    long pieceLength = info.integer("piece length");
    byte[] pieces = info.bytes("pieces");
    if (pieces.length % 20 != 0 || pieceLength < 1) {
      throw new BencodeException("bad pieces or piece length", -1);
    }
    List<Entry> entries = new ArrayList<>();
    long at = 0;
    if (info.has("files")) {
      for (BValue fv : info.list("files").values()) {
        if (!(fv instanceof BDict f)) {
          throw new BencodeException("files entry is not a dictionary", -1);
        }
        long length = f.integer("length");
        byte[] path = joinPath(f.list("path"));
        entries.add(new Entry(path, length, at));
        at += length;
      }
    } else {
      long length = info.integer("length");
      entries.add(new Entry(name, length, 0));
    }
    List<String> announce = new ArrayList<>();
    if (d.has("announce-list")) {
      for (BValue tier : d.list("announce-list").values()) {
        if (tier instanceof BList l) {
          for (BValue u : l.values()) {
            if (u instanceof BBytes b) {
              announce.add(b.utf8());
            }
          }
        }
      }
    } else if (d.has("announce")) {
      announce.add(new BBytes(d.bytes("announce")).utf8());
    }
    List<String> webSeeds = new ArrayList<>();
    BValue ul = d.get("url-list");
    if (ul instanceof BList l) {
      for (BValue u : l.values()) {
        if (u instanceof BBytes b) {
          webSeeds.add(b.utf8());
        }
      }
    } else if (ul instanceof BBytes b) {
      webSeeds.add(b.utf8());
    }
    OptionalLong created = d.get("creation date") instanceof BInt ci
        ? OptionalLong.of(ci.value()) : OptionalLong.empty();
    return new TorrentFile(name, pieceLength, pieces, entries, announce, webSeeds, created,
        infoHash);
  }

  private static byte[] joinPath(BList comps) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    boolean first = true;
    for (BValue c : comps.values()) {
      if (!(c instanceof BBytes b)) {
        throw new BencodeException("path component is not a byte string", -1);
      }
      if (!safeComponent(b.bytes())) {
        throw new BencodeException("unsafe path component \"" + b.utf8() + "\"", -1);
      }
      if (!first) {
        out.write('/');
      }
      out.writeBytes(b.bytes());
      first = false;
    }
    if (first) {
      throw new BencodeException("empty path", -1);
    }
    return out.toByteArray();
  }

  /** False for empty, {@code .}, {@code ..} and components holding {@code /} or NUL. */
  private static boolean safeComponent(byte[] c) {
    if (c.length == 0 || (c.length == 1 && c[0] == '.')
        || (c.length == 2 && c[0] == '.' && c[1] == '.')) {
      return false;
    }
    for (byte x : c) {
      if (x == '/' || x == 0) {
        return false;
      }
    }
    return true;
  }

  /** SHA-1 of {@code data}. */
  public static byte[] sha1(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
