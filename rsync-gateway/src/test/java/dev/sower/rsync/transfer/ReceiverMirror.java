package dev.sower.rsync.transfer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Test-only decoder of a file's data stream that mirrors rsync's receiver (receiver.c
 * {@code receive_data}, token.c {@code simple_recv_token}, {@code recv_deflated_token},
 * {@code see_deflate_token}): it rebuilds the file from literals and basis blocks, inserting
 * matched data into the inflater's history for zlib, and reads the trailing file sum.
 */
final class ReceiverMirror {
    /** One decoded token: literal bytes, or a block index. */
    sealed interface Token permits Literal, Block {
    }

    record Literal(byte[] data) implements Token {
        @Override
        public String toString() {
            return "Literal(" + new String(data, java.nio.charset.StandardCharsets.ISO_8859_1) + ")";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Literal l && Arrays.equals(l.data, data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }
    }

    record Block(int index) implements Token {
    }

    record Decoded(SumHead head, List<Token> tokens, byte[] file, byte[] fileSum, int consumed) {
    }

    private ReceiverMirror() {
    }

    /** Decodes sum head, tokens and the 16-byte sum from {@code stream} starting at {@code start}. */
    static Decoded decode(byte[] stream, int start, byte[] basis, Compression compression) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(stream, start, stream.length - start).order(ByteOrder.LITTLE_ENDIAN);
        SumHead head = new SumHead(in.getInt(), in.getInt(), in.getInt(), in.getInt());
        List<Token> tokens = compression == Compression.NONE ? plain(in) : deflated(in, head, basis, compression);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        List<Token> merged = new ArrayList<>();
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        for (Token t : tokens) {
            if (t instanceof Literal l) {
                file.writeBytes(l.data());
                run.writeBytes(l.data());
            } else {
                if (run.size() > 0) {
                    merged.add(new Literal(run.toByteArray()));
                    run.reset();
                }
                int k = ((Block) t).index();
                file.write(basis, k * head.blockLength(), head.blockLength(k));
                merged.add(t);
            }
        }
        if (run.size() > 0) {
            merged.add(new Literal(run.toByteArray()));
        }
        byte[] sum = new byte[16];
        in.get(sum);
        return new Decoded(head, merged, file.toByteArray(), sum, in.position() - start);
    }

    private static List<Token> plain(ByteBuffer in) {
        List<Token> out = new ArrayList<>();
        while (true) {
            int i = in.getInt();
            if (i == 0) {
                return out;
            }
            if (i > 0) {
                if (i > PlainTokenEncoder.CHUNK_SIZE) {
                    throw new AssertionError("literal run of " + i + " bytes exceeds 32 KiB");
                }
                byte[] data = new byte[i];
                in.get(data);
                out.add(new Literal(data));
            } else {
                out.add(new Block(-i - 1));
            }
        }
    }

    private static List<Token> deflated(ByteBuffer in, SumHead head, byte[] basis, Compression compression)
            throws DataFormatException {
        List<Token> out = new ArrayList<>();
        Inflater inflater = new Inflater(true);
        byte[] dbuf = new byte[64 * 1024];
        boolean inflated = false;
        int rxToken = 0;
        try {
            while (true) {
                int flag = in.get() & 0xFF;
                if ((flag & 0xC0) == TokenFlag.DEFLATED_DATA.bits()) {
                    int n = ((flag & 0x3F) << 8) + (in.get() & 0xFF);
                    byte[] cbuf = new byte[n];
                    in.get(cbuf);
                    inflater.setInput(cbuf);
                    ByteArrayOutputStream lit = new ByteArrayOutputStream();
                    int r;
                    while ((r = inflater.inflate(dbuf)) > 0 || !inflater.needsInput()) {
                        lit.write(dbuf, 0, r);
                    }
                    if (lit.size() > 0) {
                        out.add(new Literal(lit.toByteArray()));
                    }
                    inflated = true;
                    continue;
                }
                if (inflated) {
                    // the sender stripped the sync flush's 00 00 FF FF: put it back
                    inflater.setInput(new byte[] {0, 0, (byte) 0xFF, (byte) 0xFF});
                    int r = inflater.inflate(dbuf);
                    if (r != 0 || !inflater.needsInput()) {
                        throw new AssertionError("decompressor lost sync");
                    }
                    inflated = false;
                }
                if (flag == TokenFlag.END_FLAG.bits()) {
                    return out;
                }
                int run = 0;
                if ((flag & TokenFlag.TOKEN_REL.bits()) != 0) {
                    rxToken += flag & 0x3F;
                    flag >>= 6;
                } else if (flag == TokenFlag.TOKEN_LONG.bits() || flag == TokenFlag.TOKENRUN_LONG.bits()) {
                    rxToken = in.getInt();
                } else {
                    throw new AssertionError("invalid flag 0x" + Integer.toHexString(flag));
                }
                if ((flag & 1) != 0) {
                    run = (in.get() & 0xFF) | (in.get() & 0xFF) << 8;
                    if (run <= 0) {
                        throw new AssertionError("empty run");
                    }
                }
                for (int t = 0; t <= run; t++) {
                    // a run continues with the blocks after the announced one
                    int k = t == 0 ? rxToken : ++rxToken;
                    out.add(new Block(k));
                    if (compression == Compression.ZLIB) {
                        see(inflater, basis, k * head.blockLength(), head.blockLength(k), dbuf);
                    }
                }
            }
        } finally {
            inflater.end();
        }
    }

    /** Inserts matched data into the inflater's history as stored blocks (see_deflate_token). */
    private static void see(Inflater inflater, byte[] basis, int off, int len, byte[] dbuf)
            throws DataFormatException {
        while (len > 0) {
            int blk = Math.min(len, 0xFFFF);
            byte[] hdr = {0, (byte) blk, (byte) (blk >> 8), (byte) ~blk, (byte) (~blk >> 8)};
            inflater.setInput(hdr);
            while (inflater.inflate(dbuf) > 0 || !inflater.needsInput()) {
                // a stored-block header yields nothing
            }
            inflater.setInput(basis, off, blk);
            int got = 0;
            int r;
            while ((r = inflater.inflate(dbuf)) > 0 || !inflater.needsInput()) {
                got += r;
            }
            if (got != blk) {
                throw new AssertionError("history insert of " + blk + " bytes produced " + got);
            }
            off += blk;
            len -= blk;
        }
    }
}
