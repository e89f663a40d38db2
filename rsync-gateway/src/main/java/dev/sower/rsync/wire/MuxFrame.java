package dev.sower.rsync.wire;

/** One multiplexed frame: a tag and its payload. */
public record MuxFrame(MessageTag tag, byte[] payload) {}
