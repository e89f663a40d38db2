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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the scan saw of each file of one torrent when it was hashed: the facts a seeder or the next
 * {@code make --previous} checks to trust the data without rehashing it. Stored next to the manifest
 * as {@code state/NAME.state}, bencoded:
 *
 * <pre>
 * d
 *   6:format i1e
 *   9:info hash 20:...           (the torrent this state belongs to)
 *   12:piece length i...e
 *   5:files l                    (payload order, as in the .torrent)
 *     l PATH-BYTES i SIZE e i MTIME-NANOS e i INODE e e
 *     ...
 *   e
 *   7:torrent NAME
 * e
 * </pre>
 *
 * @param torrent torrent name
 * @param infoHash the torrent's info-hash
 * @param pieceLength its piece length
 * @param files file facts in payload order
 */
public record TorrentState(String torrent, byte[] infoHash, long pieceLength, List<FileFacts> files) {
  /** Format version written and accepted. */
  public static final int FORMAT = 1;

  public TorrentState {
    files = List.copyOf(files);
  }

  /**
   * Facts of one file.
   *
   * @param path dataset-relative path bytes
   * @param size bytes
   * @param mtimeNanos modification time, nanoseconds since the epoch
   * @param inode inode number
   */
  public record FileFacts(byte[] path, long size, long mtimeNanos, long inode) {
    /** True when every fact equals {@code o}'s. */
    public boolean sameAs(FileFacts o) {
      return size == o.size && mtimeNanos == o.mtimeNanos && inode == o.inode
          && Arrays.equals(path, o.path);
    }
  }

  /**
   * Encoded bytes, written directly in canonical key order (the same bytes as
   * {@link #encodeTree()}, without building the value tree).
   */
  public byte[] encode() {
    long guess = 128 + torrent.length() * 3L;
    for (FileFacts f : files) {
      guess += f.path().length + 72;
    }
    BencodeBuffer out = new BencodeBuffer((int) Math.min(Integer.MAX_VALUE - 16, guess));
    out.dict().string("files").list();
    for (FileFacts f : files) {
      out.list().bytes(f.path()).integer(f.size()).integer(f.mtimeNanos()).integer(f.inode()).end();
    }
    out.end();
    out.string("format").integer(FORMAT);
    out.string("info hash").bytes(infoHash);
    out.string("piece length").integer(pieceLength);
    out.string("torrent").string(torrent);
    return out.end().toByteArray();
  }

  /** Encoded bytes through the generic {@link Bencode} encoder (the reference for tests). */
  public byte[] encodeTree() {
    List<BValue> list = new ArrayList<>(files.size());
    for (FileFacts f : files) {
      list.add(BList.of(new BBytes(f.path()), new BInt(f.size()), new BInt(f.mtimeNanos()),
          new BInt(f.inode())));
    }
    return Bencode.encode(BDict.builder()
        .put("format", FORMAT)
        .put("torrent", torrent)
        .put("info hash", infoHash)
        .put("piece length", pieceLength)
        .put("files", new BList(list))
        .build());
  }

  /** Reads a state file. */
  public static TorrentState read(Path file) throws IOException {
    return parse(Files.readAllBytes(file));
  }

  /** Parses state bytes; throws {@link BencodeException} when malformed. */
  public static TorrentState parse(byte[] bytes) {
    if (!(Bencode.decode(bytes) instanceof BDict d)) {
      throw new BencodeException("state is not a dictionary", 0);
    }
    if (d.integer("format") != FORMAT) {
      throw new BencodeException("unknown state format " + d.integer("format"), -1);
    }
    List<FileFacts> files = new ArrayList<>();
    for (BValue v : d.list("files").values()) {
      if (!(v instanceof BList l) || l.values().size() != 4
          || !(l.values().get(0) instanceof BBytes p) || !(l.values().get(1) instanceof BInt s)
          || !(l.values().get(2) instanceof BInt m) || !(l.values().get(3) instanceof BInt i)) {
        throw new BencodeException("bad file entry in state", -1);
      }
      files.add(new FileFacts(p.bytes(), s.value(), m.value(), i.value()));
    }
    return new TorrentState(new BBytes(d.bytes("torrent")).utf8(), d.bytes("info hash"),
        d.integer("piece length"), files);
  }
}
