package dev.sower.torrent.bencode;

/** A bencode integer, {@code i42e}. */
public record BInt(long value) implements BValue {}
