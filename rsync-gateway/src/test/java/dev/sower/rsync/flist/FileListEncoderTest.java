package dev.sower.rsync.flist;

import static dev.sower.rsync.wire.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.rsync.wire.WireBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden bytes for flist.c send_file_entry at protocol 31 (byte flags, no inc-recurse). */
class FileListEncoderTest {
  private static final long T = 1_700_000_000L;   // 0x6553f100

  private static FileEntry entry(String name, int mode, long size, long mtime, int nsec,
      int flags) {
    return new FileEntry(name.getBytes(StandardCharsets.UTF_8), new byte[0], mode, size, mtime,
        nsec, 1000, 100, 0, 0, null, null, flags);
  }

  @Test
  void plainListing() {
    FileListEncoder enc = new FileListEncoder(new ListFormat(false, false, false, false, false,
        true));
    WireBuffer w = new WireBuffer();
    enc.encode(w, entry(".", 040755, 4096, T, 0, FileEntry.TOP_DIR | FileEntry.CONTENT_DIR));
    enc.encode(w, entry("a", 0100644, 3, T, 0, 0));
    enc.encode(w, entry("ab", 0100644, 10, T + 1, 0, 0));
    enc.encode(w, entry("d", 040755, 4096, T + 1, 0, FileEntry.CONTENT_DIR));
    FileListEncoder.end(w, 0);
    assertThat(w.toByteArray()).isEqualTo(hex(
        // ".": TOP_DIR | SAME_UID | SAME_GID = 0x19; name len 1 "."; size varlong3 4096;
        // mtime varlong4; mode int32 040755
        "19 | 01 2e | 00 00 10 | 65 00 f1 53 | ed 41 00 00"
        // "a": SAME_UID|SAME_GID|SAME_TIME = 0x98; new mode 0100644
        + "98 | 01 61 | 00 03 00 | a4 81 00 00"
        // "ab": SAME_MODE|SAME_UID|SAME_GID|SAME_NAME = 0x3a; 1 byte shared, suffix "b"
        + "3a | 01 | 01 62 | 00 0a 00 | 65 01 f1 53"
        // "d": a content dir below the top: no TOP_DIR; SAME_UID|SAME_GID|SAME_TIME = 0x98
        + "98 | 01 64 | 00 00 10 | ed 41 00 00"
        + "00"));                                        // end of list
  }

  @Test
  void extendedFlagsOwnersLinksChecksumsAndNanoseconds() {
    FileListEncoder enc = new FileListEncoder(new ListFormat(true, true, true, false, true,
        true));
    WireBuffer w = new WireBuffer();
    FileEntry f = entry("f", 0100600, 1, T, 5, 0).withMd5(hex(
        "00112233445566778899aabbccddeeff"));
    enc.encode(w, f);
    FileEntry l = new FileEntry("l".getBytes(), new byte[0], 0120777, 3, T, 0, 1000, 100, 0, 0,
        "../x".getBytes(), null, 0);
    enc.encode(w, l);
    FileEntry dirNoContent = entry("n", 040700, 4096, T, 0, 0);
    enc.encode(w, dirNoContent);
    FileEntry implied = entry("m", 040700, 4096, T, 0, FileEntry.IMPLIED_DIR);
    enc.encode(w, implied);
    FileListEncoder.end(w, 1);
    assertThat(w.toByteArray()).isEqualTo(hex(
        // "f": MOD_NSEC (bit 13) forces 2 flag bytes: 0x2000 | EXTENDED_FLAGS 0x04 = 0x2004
        "04 20 | 01 66 | 00 01 00 | 65 00 f1 53 | 05 | 80 81 00 00 | 83 e8 | 64"
        //  nsec varint 5; mode 0100600; uid varint 1000 (83 e8); gid varint 100
        + "00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff"
        // "l": SAME_UID|SAME_GID|SAME_TIME = 0x98; mode 0120777; target varint len 4 "../x"
        + "98 | 01 6c | 00 03 00 | ff a1 00 00 | 04 2e 2e 2f 78"
        // "n": dir without content: NO_CONTENT_DIR (bit 8) -> 2 bytes 0x0104 | 0x98
        + "9c 01 | 01 6e | 00 00 10 | c0 41 00 00"
        // "m": implied dir: TOP_DIR|NO_CONTENT_DIR|SAME_MODE|SAME_UID|SAME_GID|SAME_TIME
        + "9f 01 | 01 6d | 00 00 10"
        // end with I/O error: EXTENDED_FLAGS|IO_ERROR_ENDLIST as 2 bytes, varint error 1
        + "04 10 | 01"));
  }

  @Test
  void prefixCompressionCapsAt255AndLongNamesUseVarintLength() {
    byte[] longName = new byte[300];
    Arrays.fill(longName, (byte) 'x');
    byte[] longer = Arrays.copyOf(longName, 301);
    longer[300] = 'y';
    FileListEncoder enc = new FileListEncoder(new ListFormat(false, false, false, false, false,
        true));
    WireBuffer w = new WireBuffer();
    enc.encode(w, new FileEntry(longName, new byte[0], 0100644, 0, 0, 0, 0, 0, 0, 0, null, null,
        0));
    enc.encode(w, new FileEntry(longer, new byte[0], 0100644, 0, 0, 0, 0, 0, 0, 0, null, null,
        0));
    byte[] out = w.toByteArray();
    // first: LONG_NAME|SAME_UID|SAME_GID|SAME_TIME (mtime 0 equals the initial 0) = 0xd8,
    // then varint 300 (81 2c), 300 bytes of name
    assertThat(Arrays.copyOf(out, 3)).isEqualTo(hex("d8 81 2c"));
    int second = 3 + 300 + 3 + 4;   // name, size (3 bytes), mode (4 bytes)
    // second: SAME_NAME|SAME_MODE|SAME_UID|SAME_GID|SAME_TIME (0xba): the 46-byte suffix
    // fits one length byte, so no LONG_NAME; 255 bytes shared (the cap)
    assertThat(Arrays.copyOfRange(out, second, second + 3)).isEqualTo(hex("ba ff 2e"));
  }

  @Test
  void hardLinksSendOnlyTheFirstIndexForLaterLinks() {
    ListFormat f = new ListFormat(false, false, false, false, false, true, true);
    FileListEncoder enc = new FileListEncoder(f);
    WireBuffer w = new WireBuffer();
    enc.encode(w, new FileEntry("a".getBytes(), new byte[0], 0100644, 3, T, 0, 0, 0, 0, 0, null,
        null, 0, 1, 5, 0));
    enc.encode(w, new FileEntry("b".getBytes(), new byte[0], 0100644, 3, T, 0, 0, 0, 0, 0, null,
        null, 0, 1, 5, 0));
    enc.encode(w, entry("c", 0100644, 3, T, 0, 0));
    FileListEncoder.end(w, 0);
    byte[] golden = hex(
        // "a": HLINK_FIRST|HLINKED|SAME_UID|SAME_GID + EXTENDED_FLAGS = 0x121c, full entry
        "1c 12 | 01 61 | 00 03 00 | 65 00 f1 53 | a4 81 00 00"
        // "b": HLINKED|SAME_TIME|SAME_GID|SAME_UID|SAME_MODE + EXTENDED = 0x029e, then only
        // the index of the first link (varint 0)
        + "9e 02 | 01 62 | 00"
        // "c": not linked: SAME_TIME|SAME_GID|SAME_UID|SAME_MODE = 0x9a
        + "9a | 01 63 | 00 03 00"
        + "00");
    assertThat(w.toByteArray()).isEqualTo(golden);
    CompactFileList c = CompactFileList.index(f, golden, java.util.List.of(
        new FileEntry("a".getBytes(), new byte[0], 0100644, 3, T, 0, 0, 0, 0, 0, null, null, 0,
            1, 5, 0),
        new FileEntry("b".getBytes(), new byte[0], 0100644, 3, T, 0, 0, 0, 0, 0, null, null, 0,
            1, 5, 0),
        entry("c", 0100644, 3, T, 0, 0)));
    assertThat(c.get(1).size()).isEqualTo(3);
    assertThat(c.get(1).mtime()).isEqualTo(T);
    assertThat(c.get(1).linkDev()).isZero();   // index of the first link
    assertThat(new String(c.get(2).name())).isEqualTo("c");
  }

  @Test
  void accessTimesForNonDirectoriesWithU() {
    ListFormat f = new ListFormat(false, false, false, false, false, true, false, true);
    FileListEncoder enc = new FileListEncoder(f);
    WireBuffer w = new WireBuffer();
    enc.encode(w, new FileEntry(".".getBytes(), new byte[0], 040755, 4096, T, 0, 0, 0, 0, 0,
        null, null, FileEntry.TOP_DIR | FileEntry.CONTENT_DIR, -1, 0, 5));
    enc.encode(w, new FileEntry("a".getBytes(), new byte[0], 0100644, 3, T, 0, 0, 0, 0, 0, null,
        null, 0, -1, 0, T + 2));
    enc.encode(w, new FileEntry("b".getBytes(), new byte[0], 0100644, 3, T, 0, 0, 0, 0, 0, null,
        null, 0, -1, 0, T + 2));
    FileListEncoder.end(w, 0);
    byte[] golden = hex(
        // ".": a directory carries no atime
        "19 | 01 2e | 00 00 10 | 65 00 f1 53 | ed 41 00 00"
        // "a": new atime after the mode, varlong min 4
        + "98 | 01 61 | 00 03 00 | a4 81 00 00 | 65 02 f1 53"
        // "b": SAME_ATIME (bit 14) needs two flag bytes: 0x409e
        + "9e 40 | 01 62 | 00 03 00"
        + "00");
    assertThat(w.toByteArray()).isEqualTo(golden);
    CompactFileList c = CompactFileList.index(f, golden, java.util.List.of(
        new FileEntry(".".getBytes(), new byte[0], 040755, 4096, T, 0, 0, 0, 0, 0, null, null,
            FileEntry.TOP_DIR | FileEntry.CONTENT_DIR, -1, 0, 5),
        new FileEntry("a".getBytes(), new byte[0], 0100644, 3, T, 0, 0, 0, 0, 0, null, null, 0,
            -1, 0, T + 2),
        new FileEntry("b".getBytes(), new byte[0], 0100644, 3, T, 0, 0, 0, 0, 0, null, null, 0,
            -1, 0, T + 2)));
    assertThat(c.get(2).atime()).isEqualTo(T + 2);
    assertThat(c.get(0).atime()).isZero();
  }

  @Test
  void ioErrorEndMarkerOnlyForClientsThatUnderstandIt() {
    ListFormat f = new ListFormat(false, false, false, false, false, false);
    List<FileEntry> one = List.of(entry("a", 0100644, 1, T, 0, 0));
    IdNames none = new IdNames(java.util.Map.of(), java.util.Map.of());
    byte[] safe = EncodedList.encode(one, f, true, 1, true, none).raw();
    byte[] old = EncodedList.encode(one, f, true, 1, false, none).raw();
    assertThat(Arrays.copyOfRange(safe, safe.length - 3, safe.length)).isEqualTo(hex("04 10 01"));
    assertThat(old[old.length - 1]).isZero();
    assertThat(old).hasSize(safe.length - 2);
  }
}
