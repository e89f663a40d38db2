/**
 * The few rsync wire encodings the transfer engine needs on its own: little-endian int32 and
 * rsync's variable-length integers (io.c {@code write_varint}/{@code write_varlong}). Readers
 * work on a {@link java.nio.ByteBuffer} and return {@code null}/{@code -1}-style "need more"
 * results without consuming a partial value, so they fit a cumulative decoder.
 */
package dev.sower.rsync.transfer.wire;
