package dev.sower.rsync.transfer;

import dev.sower.rsync.transfer.wire.Varint;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only reader of an rsync batch file written by a pushing client (batch.c, io.c
 * {@code start_write_batch}): int32 stream flags, int32 protocol, varint compat flags (30+),
 * int32 checksum seed, then exactly the bytes the sender wrote: the file list, and per file the
 * index, item flags, sum head, token stream and file sum. Understands only the file lists of
 * {@code -r} without {@code -o -g -l -D -H -c} and without incremental recursion.
 */
final class RsyncBatch {
    static final int CF_INC_RECURSE = 1;
    static final int CF_CHKSUM_SEED_FIX = 1 << 5;
    static final int CF_VARINT_FLIST_FLAGS = 1 << 7;
    static final int ITEM_BASIS_TYPE_FOLLOWS = 1 << 11;
    static final int ITEM_XNAME_FOLLOWS = 1 << 12;
    static final int ITEM_TRANSFER = 1 << 15;

    /** Bit 6 of the stream flags: {@code --checksum}. */
    static final int STREAM_CHECKSUM = 1 << 6;

    record Entry(String name, long size, int mode, byte[] checksum) {
        boolean isRegular() {
            return (mode & 0170000) == 0100000;
        }
    }

    final int streamFlags;
    final int protocol;
    final int compatFlags;
    final int seed;
    final List<Entry> files = new ArrayList<>();
    final byte[] bytes;
    /** Position of the first byte after the file list. */
    final int transferStart;

    RsyncBatch(byte[] bytes) {
        this.bytes = bytes;
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        streamFlags = in.getInt();
        protocol = in.getInt();
        compatFlags = Varint.readInt(in).getAsInt();
        seed = in.getInt();
        if ((compatFlags & CF_INC_RECURSE) != 0) {
            throw new IllegalArgumentException("batch uses incremental recursion");
        }
        readFileList(in);
        transferStart = in.position();
    }

    private void readFileList(ByteBuffer in) {
        boolean varintFlags = (compatFlags & CF_VARINT_FLIST_FLAGS) != 0;
        String prev = "";
        long mtime = 0;
        int mode = 0;
        while (true) {
            int flags;
            if (varintFlags) {
                flags = Varint.readInt(in).getAsInt();
                if (flags == 0) {
                    Varint.readInt(in); // io_error
                    break;
                }
            } else {
                flags = in.get() & 0xFF;
                if (flags == 0) {
                    break;
                }
                if ((flags & 4) != 0) {
                    flags |= (in.get() & 0xFF) << 8;
                }
            }
            int l1 = (flags & (1 << 5)) != 0 ? in.get() & 0xFF : 0;
            int l2 = (flags & (1 << 6)) != 0 ? Varint.readInt(in).getAsInt() : in.get() & 0xFF;
            byte[] suffix = new byte[l2];
            in.get(suffix);
            String name = prev.substring(0, l1) + new String(suffix, java.nio.charset.StandardCharsets.ISO_8859_1);
            prev = name;
            long size = Varint.readLong(in, 3).getAsLong();
            if ((flags & (1 << 7)) == 0) {
                mtime = Varint.readLong(in, 4).getAsLong();
            }
            if ((flags & (1 << 13)) != 0) {
                Varint.readInt(in);
            }
            if ((flags & (1 << 1)) == 0) {
                mode = in.getInt();
            }
            byte[] checksum = null;
            if ((streamFlags & STREAM_CHECKSUM) != 0 && (mode & 0170000) == 0100000) {
                checksum = new byte[16];
                in.get(checksum);
            }
            files.add(new Entry(name, size, mode, checksum));
        }
        // both sides sort the list: "." first, then (in one flat directory) names byte-wise
        files.sort((a, b) -> a.name().equals(".") ? -1 : b.name().equals(".") ? 1 : a.name().compareTo(b.name()));
    }

    /** One item the sender wrote: its index, flags, and where its data starts (if transferred). */
    record Item(int ndx, int iflags, int basisType, int dataStart) {
    }

    /** rsync's FNAMECMP_FNAME: the basis is the destination file itself. */
    static final int FNAMECMP_FNAME = 0x80;

    /**
     * Walks the items of the first phase from {@code pos}; for each transferred file,
     * {@code dataLength} tells how many bytes its data stream takes (the caller's own decode).
     */
    List<Item> items(java.util.function.ToIntFunction<Item> dataLength) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        in.position(transferStart);
        List<Item> out = new ArrayList<>();
        int prevPositive = -1;
        while (true) {
            int b = in.get() & 0xFF;
            if (b == 0) {
                return out;
            }
            if (b == 0xFF) {
                throw new IllegalStateException("negative index in the first phase");
            }
            int ndx;
            if (b == 0xFE) {
                int hi = in.get() & 0xFF;
                if ((hi & 0x80) != 0) {
                    int b0 = in.get() & 0xFF;
                    int b1 = in.get() & 0xFF;
                    int b2 = in.get() & 0xFF;
                    ndx = (hi & 0x7F) << 24 | b0 | b1 << 8 | b2 << 16;
                } else {
                    ndx = (hi << 8 | (in.get() & 0xFF)) + prevPositive;
                }
            } else {
                ndx = b + prevPositive;
            }
            prevPositive = ndx;
            int iflags = in.getShort() & 0xFFFF;
            int basisType = FNAMECMP_FNAME;
            if ((iflags & ITEM_BASIS_TYPE_FOLLOWS) != 0) {
                basisType = in.get() & 0xFF;
            }
            if ((iflags & ITEM_XNAME_FOLLOWS) != 0) {
                int len = in.get() & 0xFF;
                if ((len & 0x80) != 0) {
                    len = (len & 0x7F) << 8 | (in.get() & 0xFF);
                }
                in.position(in.position() + len);
            }
            Item item = new Item(ndx, iflags, basisType, in.position());
            out.add(item);
            if ((iflags & ITEM_TRANSFER) != 0) {
                in.position(in.position() + dataLength.applyAsInt(item));
            }
        }
    }
}
