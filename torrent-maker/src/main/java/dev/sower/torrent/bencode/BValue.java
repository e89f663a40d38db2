package dev.sower.torrent.bencode;

/**
 * A decoded bencode value: an integer, a byte string, a list or a dictionary.
 *
 * <p>Byte strings are bytes, never text: file names in a .torrent are whatever bytes the file
 * system holds. Use {@link Bencode#encode(BValue)} and {@link Bencode#decode(byte[])} to convert.
 */
public sealed interface BValue permits BInt, BBytes, BList, BDict {}
