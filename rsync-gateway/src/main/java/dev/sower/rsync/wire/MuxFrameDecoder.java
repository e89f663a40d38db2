package dev.sower.rsync.wire;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Splits a multiplexed stream into frames (io.c {@code read_a_msg}). Each call consumes at
 * most one frame and nothing when the frame is incomplete. Payloads longer than
 * {@code maxPayload} are refused before any allocation.
 */
public final class MuxFrameDecoder {
  private enum State { HEADER, PAYLOAD }

  private final int maxPayload;
  private State state = State.HEADER;
  private MessageTag tag;
  private int length;

  public MuxFrameDecoder(int maxPayload) {
    if (maxPayload <= 0 || maxPayload > 0xFFFFFF) {
      throw new IllegalArgumentException("maxPayload must be 1..0xFFFFFF: " + maxPayload);
    }
    this.maxPayload = maxPayload;
  }

  /** The next complete frame, or empty if more bytes are needed. */
  public Optional<MuxFrame> decode(ByteBuffer in) throws ProtocolException {
    while (true) {
      switch (state) {
        case HEADER -> {
          if (in.remaining() < 4) {
            return Optional.empty();
          }
          int header = WireReader.int32(in).getAsInt();
          tag = MessageTag.ofHeaderByte(header >>> 24);
          length = header & 0xFFFFFF;
          if (length > maxPayload) {
            throw new ProtocolException("multiplexed " + tag + " frame of " + length
                + " bytes exceeds the limit of " + maxPayload);
          }
          state = State.PAYLOAD;
        }
        case PAYLOAD -> {
          if (in.remaining() < length) {
            return Optional.empty();
          }
          byte[] payload = new byte[length];
          in.get(payload);
          state = State.HEADER;
          return Optional.of(new MuxFrame(tag, payload));
        }
        default -> throw new IllegalStateException(String.valueOf(state));
      }
    }
  }
}
