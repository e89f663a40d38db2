package dev.sower.server.seed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a v1 .torrent straight into a {@link SeedTorrent} in one pass over its bytes, without
 * building a bencode object tree (a 370k-file torrent is 22 MB and millions of tokens). Only the
 * keys the seeder needs are decoded; every other value is skipped after checking its syntax.
 * File paths are confined: no empty, {@code .} or {@code ..} element, no {@code /} or NUL inside
 * an element.
 */
public final class TorrentFileReader {
  private static final int MAX_NESTING = 64;
  /** PATH_MAX on Linux; also what the state file's u16 path length can hold. */
  static final int MAX_PATH = 4096;

  private final byte[] in;
  private final Path source;
  private int pos;

  private TorrentFileReader(byte[] in, Path source) {
    this.in = in;
    this.source = source;
  }

  /** Reads {@code file}; failures name the file and the byte offset. */
  public static SeedTorrent read(Path file) throws IOException {
    return parse(Files.readAllBytes(file), file);
  }

  /** Parses {@code bytes}; {@code source} is remembered for the info dictionary's bytes. */
  public static SeedTorrent parse(byte[] bytes, Path source) throws TorrentFormatException {
    return new TorrentFileReader(bytes, source).torrent();
  }

  private SeedTorrent torrent() throws TorrentFormatException {
    String announce = null;
    List<String> announceList = new ArrayList<>();
    Info info = null;
    int infoStart = -1;
    int infoEnd = -1;
    expect('d');
    byte[] previousKey = null;
    while (peek() != 'e') {
      byte[] key = string();
      previousKey = checkOrder(previousKey, key);
      switch (new String(key, StandardCharsets.ISO_8859_1)) {
        case "announce" -> announce = text(string());
        case "announce-list" -> announceList = announceList();
        case "info" -> {
          infoStart = pos;
          info = info();
          infoEnd = pos;
        }
        default -> skip(0);
      }
    }
    pos++;
    if (pos != in.length) {
      throw error("trailing bytes after the torrent dictionary");
    }
    if (info == null) {
      throw error("no info dictionary");
    }
    List<String> urls = new ArrayList<>();
    if (announce != null) {
      urls.add(announce);
    }
    for (String url : announceList) {
      if (!urls.contains(url)) {
        urls.add(url);
      }
    }
    byte[] infoHash = sha1(in, infoStart, infoEnd - infoStart);
    try {
      return new SeedTorrent(info.name, infoHash, info.pieceLength, info.pieces, info.files,
          urls, info.isPrivate, new SeedTorrent.InfoSource(source, infoStart, infoEnd - infoStart));
    } catch (IllegalArgumentException e) {
      throw new TorrentFormatException(source + ": " + e.getMessage());
    }
  }

  private record Info(String name, int pieceLength, byte[] pieces, FileTable files,
      boolean isPrivate) {}

  private Info info() throws TorrentFormatException {
    expect('d');
    String name = null;
    long pieceLength = -1;
    byte[] pieces = null;
    FileTable files = null;
    long singleLength = -1;
    boolean isPrivate = false;
    byte[] previousKey = null;
    while (peek() != 'e') {
      byte[] key = string();
      previousKey = checkOrder(previousKey, key);
      switch (new String(key, StandardCharsets.ISO_8859_1)) {
        case "name" -> name = text(string());
        case "piece length" -> pieceLength = integer();
        case "pieces" -> pieces = string();
        case "files" -> files = files();
        case "length" -> singleLength = integer();
        case "private" -> isPrivate = integer() == 1;
        default -> skip(0);
      }
    }
    pos++;
    if (name == null || pieces == null || pieceLength <= 0 || pieceLength > (1 << 30)) {
      throw error("info dictionary lacks a name, pieces or a valid piece length");
    }
    if ((files == null) == (singleLength < 0)) {
      throw error("info dictionary must have exactly one of 'files' and 'length'");
    }
    if (files == null) {
      checkElement(name.getBytes(StandardCharsets.UTF_8));
      files = new FileTable.Builder().add(name.getBytes(StandardCharsets.UTF_8), singleLength)
          .build();
    }
    return new Info(name, (int) pieceLength, pieces, files, isPrivate);
  }

  private FileTable files() throws TorrentFormatException {
    FileTable.Builder table = new FileTable.Builder();
    expect('l');
    while (peek() != 'e') {
      expect('d');
      long length = -1;
      byte[] path = null;
      while (peek() != 'e') {
        byte[] key = string();
        switch (new String(key, StandardCharsets.ISO_8859_1)) {
          case "length" -> length = integer();
          case "path" -> path = path();
          default -> skip(0);
        }
      }
      pos++;
      if (length < 0 || path == null) {
        throw error("file entry " + table.count() + " lacks a length or a path");
      }
      table.add(path, length);
    }
    pos++;
    if (table.count() == 0) {
      throw error("empty file list");
    }
    return table.build();
  }

  private byte[] path() throws TorrentFormatException {
    expect('l');
    java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream(64);
    while (peek() != 'e') {
      byte[] element = string();
      checkElement(element);
      if (joined.size() > 0) {
        joined.write('/');
      }
      joined.writeBytes(element);
    }
    pos++;
    if (joined.size() == 0) {
      throw error("empty path");
    }
    if (joined.size() > MAX_PATH) {
      throw error("path longer than " + MAX_PATH + " bytes");
    }
    return joined.toByteArray();
  }

  private void checkElement(byte[] element) throws TorrentFormatException {
    if (element.length == 0 || (element.length == 1 && element[0] == '.')
        || (element.length == 2 && element[0] == '.' && element[1] == '.')) {
      throw error("path element '" + text(element) + "' would leave the dataset");
    }
    for (byte b : element) {
      if (b == '/' || b == 0) {
        throw error("path element contains '/' or NUL");
      }
    }
  }

  private List<String> announceList() throws TorrentFormatException {
    List<String> urls = new ArrayList<>();
    expect('l');
    while (peek() != 'e') {
      expect('l');
      while (peek() != 'e') {
        urls.add(text(string()));
      }
      pos++;
    }
    pos++;
    return urls;
  }

  private byte[] checkOrder(byte[] previous, byte[] key) throws TorrentFormatException {
    if (previous != null && java.util.Arrays.compareUnsigned(previous, key) >= 0) {
      throw error("dictionary keys not sorted: '" + text(key) + "'");
    }
    return key;
  }

  private void skip(int depth) throws TorrentFormatException {
    if (depth > MAX_NESTING) {
      throw error("nesting deeper than " + MAX_NESTING);
    }
    int c = peek();
    if (c == 'i') {
      integer();
    } else if (c == 'l' || c == 'd') {
      pos++;
      while (peek() != 'e') {
        skip(depth + 1);
      }
      pos++;
    } else {
      string();
    }
  }

  private long integer() throws TorrentFormatException {
    expect('i');
    int start = pos;
    boolean negative = false;
    if (peek() == '-') {
      negative = true;
      pos++;
    }
    long value = 0;
    int digits = 0;
    while (peek() != 'e') {
      int d = in[pos] - '0';
      if (d < 0 || d > 9 || digits == 18) {
        throw error("bad integer");
      }
      if (digits == 1 && value == 0) {
        throw error("integer with a leading zero");
      }
      value = value * 10 + d;
      digits++;
      pos++;
    }
    if (digits == 0 || (negative && value == 0)) {
      throw error("bad integer at " + start);
    }
    pos++;
    return negative ? -value : value;
  }

  private byte[] string() throws TorrentFormatException {
    long length = 0;
    int digits = 0;
    while (peek() != ':') {
      int d = in[pos] - '0';
      if (d < 0 || d > 9 || digits == 10) {
        throw error("bad string length");
      }
      length = length * 10 + d;
      digits++;
      pos++;
    }
    if (digits == 0) {
      throw error("bad string length");
    }
    pos++;
    if (length > in.length - pos) {
      throw error("string of " + length + " bytes runs past the end");
    }
    byte[] value = java.util.Arrays.copyOfRange(in, pos, pos + (int) length);
    pos += (int) length;
    return value;
  }

  private int peek() throws TorrentFormatException {
    if (pos >= in.length) {
      throw error("unexpected end of data");
    }
    return in[pos];
  }

  private void expect(char c) throws TorrentFormatException {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private TorrentFormatException error(String message) {
    return new TorrentFormatException(source + ": " + message + " at byte " + pos);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static byte[] sha1(byte[] bytes, int offset, int length) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-1");
      md.update(bytes, offset, length);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 missing from the JDK", e);
    }
  }
}
