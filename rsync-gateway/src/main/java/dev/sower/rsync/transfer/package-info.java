/**
 * The rsync sender's transfer engine: what happens to one regular file after the file list,
 * in the protocol-31 dialect of {@code docs/rsync-notes.md} (MD5 strong sums, zlib tokens).
 *
 * <p>The session decodes a file's sum head with {@link dev.sower.rsync.transfer.SumHeadDecoder}
 * and its block sums with {@link dev.sower.rsync.transfer.BlockSumsDecoder} (both incremental,
 * bounded, safe on an I/O thread), then runs a {@link dev.sower.rsync.transfer.FileSender} on a
 * worker thread. The sender reads the file in large blocks, matches it against the receiver's
 * blocks ({@link dev.sower.rsync.transfer.BlockMatcher}) and writes the sum head echo, the token
 * stream ({@link dev.sower.rsync.transfer.PlainTokenEncoder} or
 * {@link dev.sower.rsync.transfer.DeflateTokenEncoder}) and the whole-file MD5 into a
 * {@link dev.sower.rsync.transfer.TransferSink}, which applies back-pressure.
 *
 * <p>Facts about the wire format were learnt from rsync's match.c, token.c, checksum.c,
 * sender.c and io.c; no rsync code is copied.
 */
package dev.sower.rsync.transfer;
