package dev.sower.rsync.daemon;

import dev.sower.rsync.transfer.BlockDigest;
import dev.sower.rsync.transfer.RollingChecksum;
import dev.sower.rsync.transfer.SeedOrder;
import dev.sower.rsync.transfer.SumHead;
import dev.sower.rsync.wire.MessageTag;
import dev.sower.rsync.wire.MuxFrameEncoder;
import dev.sower.rsync.wire.NdxCodec;
import dev.sower.rsync.wire.WireBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * What the {@link SenderWarmUp}'s client sends in one session, as the stock rsync 3.x client
 * sends it to a protocol-31 daemon: the greeting, the module, the arguments, an empty filter
 * list, then the generator's requests (file index, item flags, sum head, block sums) for the
 * files of the given kinds, and the NDX_DONE markers of the three phases and of the final
 * goodbye. Where it differs from the real client, the daemon takes the same paths: it asks for
 * a checksum seed (so it can compute the block sums), sends 16-byte strong sums and 1 KiB
 * blocks where rsync's generator picks 2-3 bytes and a square-root block length (the matcher
 * compares any length the same way), sets only ITEM_TRANSFER in the item flags, sends its
 * requests without waiting for the data, and never asks for a redo.
 *
 * @param flags     the client's short options (e.g. {@code -logDtprze.iLsfxCIvu} for -az)
 * @param requested the kinds of files requested; the others are up to date (nothing sent)
 * @param smallMax  at most this many of the {@link WarmUpTree.Kind#SMALL} files are requested
 * @param path      the directory asked for under the module ("" for all of it)
 */
record WarmUpScript(String flags, Set<WarmUpTree.Kind> requested, int smallMax, String path) {
  /** The seed the client asks for, so that it can compute the block sums the server checks. */
  static final int SEED = 0x5EED;
  /** Item flags of a transfer (rsync.h ITEM_TRANSFER). */
  private static final int ITEM_TRANSFER = 1 << 15;
  private static final int BLOCK_LENGTH = 1024;
  private static final int STRONG_LENGTH = 16;
  /** The three phases end, then the goodbye of protocol 31 takes two more. */
  private static final int NDX_DONE_COUNT = 5;

  /** -a: new, small and updated files. */
  static WarmUpScript archive() {
    return new WarmUpScript("-logDtpre.iLsfxCIvu", Set.of(WarmUpTree.Kind.DELTA,
        WarmUpTree.Kind.NEW, WarmUpTree.Kind.SMALL), Integer.MAX_VALUE, "");
  }

  /** -az: compressible text, new and updated, and some skip-compress {@code .jpg} files. */
  static WarmUpScript compressed() {
    return new WarmUpScript("-logDtprze.iLsfxCIvu", Set.of(WarmUpTree.Kind.TEXT,
        WarmUpTree.Kind.TEXT_DELTA, WarmUpTree.Kind.SMALL), 300, "");
  }

  /**
   * -ac with the client up to date: the list with every file's MD5, no data; of the first
   * bucket only, the listing's hashing being the same for every file.
   */
  static WarmUpScript checksumUpToDate() {
    return new WarmUpScript("-logDtprce.iLsfxCIvu", Set.of(), 0, "0000/");
  }

  /** Everything up to the end of the (empty) filter list. */
  byte[] handshake(String module) {
    String text = "@RSYNCD: 31.0\n" + module + "\n--server\0--sender\0" + flags
        + "\0--checksum-seed=" + SEED + "\0.\0" + module + "/" + path + "\0\0";
    WireBuffer out = new WireBuffer();
    out.putBytes(text.getBytes(StandardCharsets.US_ASCII));
    MuxFrameEncoder.int32(out, MessageTag.DATA, 0);
    return out.toByteArray();
  }

  /** How many files the requests ask for. */
  int requestCount(List<WarmUpTree.Entry> entries) {
    int n = 0;
    int small = 0;
    for (WarmUpTree.Entry e : entries) {
      if (wants(e, small)) {
        n++;
      }
      if (e.kind() == WarmUpTree.Kind.SMALL) {
        small++;
      }
    }
    return n;
  }

  private boolean wants(WarmUpTree.Entry e, int smallSoFar) {
    return requested.contains(e.kind())
        && (e.kind() != WarmUpTree.Kind.SMALL || smallSoFar < smallMax);
  }

  /** The generator's side after the file list, unframed. */
  byte[] requests(List<WarmUpTree.Entry> entries) {
    WireBuffer out = new WireBuffer(1 << 20);
    NdxCodec ndx = new NdxCodec();
    BlockDigest strong = new BlockDigest(SEED, SeedOrder.SEED_FIRST);
    int small = 0;
    for (WarmUpTree.Entry e : entries) {
      if (wants(e, small)) {
        ndx.write(out, e.ndx());
        out.putShort(ITEM_TRANSFER);
        putSums(out, e.basis(), strong);
      }
      if (e.kind() == WarmUpTree.Kind.SMALL) {
        small++;
      }
    }
    for (int i = 0; i < NDX_DONE_COUNT; i++) {
      ndx.write(out, NdxCodec.NDX_DONE);
    }
    return out.toByteArray();
  }

  /** The sum head and block sums of the client's copy; an empty head when it has none. */
  private static void putSums(WireBuffer out, byte[] basis, BlockDigest strong) {
    if (basis == null) {
      out.putBytes(SumHead.EMPTY.encode());
      return;
    }
    int count = (basis.length + BLOCK_LENGTH - 1) / BLOCK_LENGTH;
    out.putBytes(new SumHead(count, BLOCK_LENGTH, STRONG_LENGTH, basis.length % BLOCK_LENGTH)
        .encode());
    byte[] sum = new byte[BlockDigest.LENGTH];
    for (int off = 0; off < basis.length; off += BLOCK_LENGTH) {
      int len = Math.min(BLOCK_LENGTH, basis.length - off);
      out.putInt(RollingChecksum.of(basis, off, len));
      strong.digest(basis, off, len, sum, 0);
      out.putBytes(sum, 0, STRONG_LENGTH);
    }
  }
}
