package dev.sower.select;

import dev.sower.dataset.RawPaths;
import dev.sower.torrent.bencode.BencodeException;
import dev.sower.torrent.meta.TorrentFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps selected images to the file indexes of one .torrent, for partial downloads: aria2c's
 * {@code --select-file} counts files from 1, transmission-remote's {@code -g/--get} from 0; both
 * accept comma-separated indexes and {@code A-B} ranges. A torrent's file paths are taken relative
 * to its name (the dataset directory, as {@code sower make} and {@code mktorrent DATASET} write
 * them); a torrent of one tree ({@code mktorrent original}) works too. Memory grows with the
 * torrent's file count, not with the metadata.
 */
public final class TorrentSelection implements MatchListener {
  /** The client whose index form to print. */
  public enum Client {
    /** {@code aria2c --select-file=LIST}: 1-based. */
    ARIA2C(1),
    /** {@code transmission-remote -t ID -G all -g LIST}: 0-based. */
    TRANSMISSION(0);

    private final int base;

    Client(int base) {
      this.base = base;
    }

    /** The number of the torrent's first file. */
    public int base() {
      return base;
    }

    /** Parses {@code aria2c} or {@code transmission}. */
    public static Client parse(String text) {
      for (Client c : values()) {
        if (c.name().equalsIgnoreCase(text.trim())) {
          return c;
        }
      }
      throw new IllegalArgumentException("unknown torrent client '" + text
          + "' (expected aria2c or transmission)");
    }
  }

  private final String torrentName;
  private final String namePrefix;
  private final Map<String, Integer> index;
  private final int files;
  private final BitSet selected = new BitSet();
  private long notInTorrent;

  private TorrentSelection(TorrentFile torrent, String torrentName) {
    this.torrentName = torrentName;
    // ISO-8859-1 maps bytes one to one: an ASCII dataset path equals exactly the same bytes.
    this.namePrefix = new String(torrent.name(), StandardCharsets.ISO_8859_1) + "/";
    List<TorrentFile.Entry> entries = torrent.files();
    this.files = entries.size();
    this.index = new HashMap<>(entries.size() * 4 / 3 + 1);
    for (int i = 0; i < entries.size(); i++) {
      index.putIfAbsent(new String(entries.get(i).path(), StandardCharsets.ISO_8859_1), i);
    }
  }

  /** Reads {@code torrent}. */
  public static TorrentSelection read(Path torrent) throws SelectException {
    try {
      return new TorrentSelection(TorrentFile.read(torrent), RawPaths.printable(torrent.getFileName()));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new SelectException("no such torrent: " + RawPaths.printable(torrent), e);
    } catch (IOException e) {
      throw new SelectException("cannot read " + RawPaths.printable(torrent) + ": " + e.getMessage(), e);
    } catch (BencodeException e) {
      throw new SelectException(RawPaths.printable(torrent) + " is not a v1 torrent: " + e.getMessage(), e);
    }
  }

  @Override
  public void matched(long id, String path) {
    Integer i = index.get(path);
    if (i == null && path.startsWith(namePrefix)) {
      i = index.get(path.substring(namePrefix.length()));
    }
    if (i == null) {
      notInTorrent++;
    } else {
      selected.set(i);
    }
  }

  /** Number of the torrent's files selected. */
  public int selectedFiles() {
    return selected.cardinality();
  }

  /** Number of the torrent's files. */
  public int files() {
    return files;
  }

  /** Selected images whose file the torrent does not hold (another torrent's range, say). */
  public long notInTorrent() {
    return notInTorrent;
  }

  /** The torrent's file name, for messages. */
  public String name() {
    return torrentName;
  }

  /** The selected indexes as {@code client} numbers them: {@code 1-3,7,9-10}. */
  public String indexes(Client client) {
    return ranges(selected, client.base());
  }

  /** {@code bits} as comma-separated numbers and ranges, each index plus {@code base}. */
  static String ranges(BitSet bits, int base) {
    StringBuilder sb = new StringBuilder();
    for (int from = bits.nextSetBit(0); from >= 0; ) {
      int to = bits.nextClearBit(from) - 1;
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(from + base);
      if (to > from) {
        sb.append('-').append(to + base);
      }
      from = bits.nextSetBit(to + 1);
    }
    return sb.toString();
  }
}
