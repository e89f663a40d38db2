package dev.sower.server.bt;

import bt.net.DataReceiver;
import bt.net.buffer.BorrowedBuffer;
import bt.net.pipeline.ChannelHandler;
import bt.net.pipeline.ChannelHandlerContext;
import bt.protocol.InvalidMessageException;
import bt.protocol.Message;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer's socket, in place of Bt's {@code SocketChannelHandler}: reads as Bt does, but a send
 * never waits for the peer. Bt's handler encodes a message into the connection's outbound buffer
 * and then loops on the non-blocking socket until the whole buffer is written, on the message
 * dispatcher's thread, so one peer that stops reading (full TCP window) held the dispatcher and
 * every other peer with it. Here {@link #send} encodes, writes what the socket takes and returns;
 * the rest stays in the outbound buffer (a message that does not fit yet waits, unencoded, in a
 * queue; a PIECE's block is still read straight into the outbound buffer, no copy). The
 * dispatcher asks {@link #readyToSend()} before taking more messages for this peer, and the
 * receive loop writes the remainder when the socket becomes writable ({@code OP_WRITE}, see
 * {@link QueuedRegistrationReceiver#requestWrite}). A peer to which nothing could be written for
 * {@code stallLimit} while bytes wait is {@link #stalledTooLong() stalled too long}; the
 * dispatcher disconnects it.
 *
 * <p>Sower speaks plaintext BitTorrent only. An incoming stream's start has already been read by
 * {@link PlaintextMseResponder} (a plaintext handshake, or an MSE handshake answered with
 * plaintext selected, its decrypted IA put first), and the factory marks it
 * {@link #streamStartChecked() checked}. Any other stream whose first byte is not the handshake's
 * 19 is closed with a debug line instead of being decoded as messages (Bt logged "Unknown message
 * type ID" and a stack trace). A message Bt cannot decode later in the stream closes only that
 * connection, with one warning line.
 */
final class NonBlockingChannelHandler implements ChannelHandler, OutboundBacklog {
  private static final Logger LOG = LoggerFactory.getLogger(NonBlockingChannelHandler.class);
  /** The first byte of a plaintext handshake: the length of "BitTorrent protocol". */
  static final int HANDSHAKE_FIRST_BYTE = 19;

  /** The receive loop: Bt's {@link DataReceiver}, plus a call-back once a socket is writable. */
  interface Receiver extends DataReceiver {
    /** Calls {@code onWritable} once, on the receive loop's thread, when the socket can take bytes. */
    void requestWrite(SocketChannel channel, Runnable onWritable);
  }

  /** The stream did not start with a plaintext handshake. */
  private static final class NotBitTorrent extends IOException {
    NotBitTorrent(String message) {
      super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // expected from some clients, logged as one line
    }
  }

  private final SocketChannel channel;
  private final String peer;
  private final BorrowedBuffer<ByteBuffer> inboundBuffer;
  private final BorrowedBuffer<ByteBuffer> outboundBuffer;
  private final ChannelHandlerContext context;
  private final Receiver receiver;
  private final long stallLimitNanos;
  private final LongSupplier nanoClock;
  private final Object inboundLock = new Object();
  private final Object outboundLock = new Object();
  private final AtomicBoolean shutdown = new AtomicBoolean();
  private volatile boolean closing;
  private volatile Runnable closeAction;
  /** Told after every read of the socket (see {@link #onInbound}). */
  private volatile Runnable inboundListener = () -> {};

  // guarded by outboundLock
  private final Queue<Message> unencoded = new ArrayDeque<>();
  private int pendingBytes;
  // guarded by inboundLock
  private boolean streamStartChecked;

  /** Bytes or messages are waiting for the socket. */
  private volatile boolean backlog;
  /** Waiting for the receive loop to report the socket writable. */
  private volatile boolean awaitingWritable;
  /** While {@link #backlog}: when a byte was last written (or the backlog began). */
  private volatile long lastProgressNanos;

  NonBlockingChannelHandler(SocketChannel channel, String peer,
      BorrowedBuffer<ByteBuffer> inboundBuffer, BorrowedBuffer<ByteBuffer> outboundBuffer,
      Function<ChannelHandler, ChannelHandlerContext> contextFactory,
      Receiver receiver, Duration stallLimit, LongSupplier nanoClock) {
    this.channel = channel;
    this.peer = peer;
    this.inboundBuffer = inboundBuffer;
    this.outboundBuffer = outboundBuffer;
    this.receiver = receiver;
    this.stallLimitNanos = stallLimit.toNanos();
    this.nanoClock = nanoClock;
    this.context = contextFactory.apply(this);
  }

  /** Encodes {@code message} (or queues it when the buffer is full) and writes what it can. */
  @Override
  public void send(Message message) {
    synchronized (outboundLock) {
      encodeOrQueue(message);
      pump();
    }
  }

  /** Encodes {@code message}, or queues it behind others or when the buffer has no room. */
  private boolean encodeOrQueue(Message message) {
    if (!unencoded.isEmpty() || encode(message) == Encoding.NO_ROOM) {
      unencoded.add(message);
      return true;
    }
    return false;
  }

  /**
   * As {@link #send}, but leaves what it encodes in the outbound buffer until {@link #flushBatch()},
   * so that a batch of messages (the dispatcher's turn for this peer) goes out in a few large
   * writes instead of one write per message. Writes at once only when the buffer has no room.
   */
  @Override
  public void postBatched(Message message) {
    synchronized (outboundLock) {
      if (encodeOrQueue(message)) {
        pump(); // no room: write what is encoded to make some
      }
    }
  }

  @Override
  public void flushBatch() {
    flush();
  }

  @Override
  public boolean readyToSend() {
    if (!backlog) {
      return true;
    }
    if (awaitingWritable) {
      return false; // the receive loop calls back once the socket takes bytes again
    }
    synchronized (outboundLock) {
      pump();
    }
    return !backlog;
  }

  @Override
  public boolean stalledTooLong() {
    return backlog && nanoClock.getAsLong() - lastProgressNanos >= stallLimitNanos;
  }

  /** Writes the encoded bytes and encodes queued messages as room frees, until either is done. */
  private void pump() {
    while (true) {
      if (shutdown.get()) { // closed: what waits is dropped with the connection
        unencoded.clear();
        backlog = false;
        return;
      }
      boolean encoded = false;
      Message next;
      Encoding result;
      while ((next = unencoded.peek()) != null && (result = encode(next)) != Encoding.NO_ROOM) {
        unencoded.poll();
        encoded |= result == Encoding.ENCODED;
      }
      if (next != null && !encoded && encodedBytes() == 0) {
        unencoded.poll(); // does not fit an empty buffer: Bt cannot send it either
        throw new IllegalStateException("Failed to send message: " + next);
      }
      int written = writeEncoded();
      if (written < 0 || shutdown.get()) { // released: the connection is closed
        unencoded.clear();
        pendingBytes = 0;
        backlog = false;
        return;
      }
      if (pendingBytes == 0 && unencoded.isEmpty()) {
        backlog = false;
        return;
      }
      if (!backlog || written > 0) {
        lastProgressNanos = nanoClock.getAsLong();
      }
      backlog = true;
      if (pendingBytes > 0) { // the socket takes no more for now
        awaitingWritable = true;
        receiver.requestWrite(channel, this::onWritable);
        return;
      }
      // all written, more queued: encode the next ones
    }
  }

  /**
   * Encodes {@code message} after the bytes already in the outbound buffer. A message whose
   * encoding throws (a PIECE whose block cannot be read: an I/O error, a range outside the data)
   * is dropped, as Bt drops it, and its partly written bytes are taken back, so the peer's stream
   * stays whole: Bt's encoder has already moved the buffer past the length prefix and whatever
   * the block reader wrote. A dropped PIECE is requested again by the peer.
   */
  private Encoding encode(Message message) {
    ByteBuffer buffer = outboundBuffer.lockAndGet(); // re-entrant: the pipeline locks it again
    try {
      if (buffer == null) {
        return Encoding.NO_ROOM; // released: the connection is closed
      }
      int start = buffer.position();
      int limit = buffer.limit();
      try {
        return context.pipeline().encode(message) ? Encoding.ENCODED : Encoding.NO_ROOM;
      } catch (RuntimeException e) {
        buffer.limit(limit).position(start);
        LOG.warn("peer {}: could not encode {} ({}): message dropped", peer,
            message.getClass().getSimpleName(), e.toString());
        LOG.debug("encoding failure for peer {}", peer, e);
        return Encoding.DROPPED;
      }
    } finally {
      outboundBuffer.unlock();
    }
  }

  private enum Encoding { ENCODED, NO_ROOM, DROPPED }

  /** Bytes encoded in the outbound buffer and not written yet (batched ones included). */
  private int encodedBytes() {
    ByteBuffer buffer = outboundBuffer.lockAndGet();
    try {
      return buffer == null ? 0 : buffer.position();
    } finally {
      outboundBuffer.unlock();
    }
  }

  /**
   * Writes encoded bytes until the socket takes no more; returns how many, -1 if the buffer was
   * released. Leaves the rest in the buffer and their count in {@link #pendingBytes}.
   */
  private int writeEncoded() {
    ByteBuffer buffer = outboundBuffer.lockAndGet();
    if (buffer == null) {
      return -1;
    }
    buffer.flip();
    try {
      int total = 0;
      int n;
      while (buffer.hasRemaining() && !closing && (n = channel.write(buffer)) > 0) {
        total += n;
      }
      pendingBytes = buffer.remaining();
      buffer.compact();
      outboundBuffer.unlock();
      return total;
    } catch (IOException e) {
      outboundBuffer.unlock(); // before shutdown(), which releases the buffer (as Bt)
      shutdown();
      throw new RuntimeException("Unexpected I/O error", e);
    }
  }

  /** On the receive loop's thread: writes only bytes already encoded (no block reads here). */
  private void onWritable() {
    awaitingWritable = false;
    try {
      synchronized (outboundLock) {
        int written = writeEncoded();
        if (written > 0) {
          lastProgressNanos = nanoClock.getAsLong();
        }
        if (written >= 0 && pendingBytes > 0 && !shutdown.get()) {
          awaitingWritable = true;
          receiver.requestWrite(channel, this::onWritable);
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("writing to peer {} failed, connection closed", peer, e);
    }
  }

  /** Bt's own message pipeline drains the outbound buffer only through this handler. */
  @Override
  public void flush() {
    synchronized (outboundLock) {
      pump();
    }
  }

  @Override
  public Message receive() {
    return context.pipeline().decode();
  }

  /**
   * Runs {@code listener} on the receive loop's thread after each read of the socket (bytes
   * taken, or the connection found closed), so a thread waiting for a message is woken as soon as
   * it can have one instead of polling. It must be quick and must not throw.
   */
  void onInbound(Runnable listener) {
    inboundListener = listener;
  }

  @Override
  public boolean read() throws IOException {
    try {
      return readInbound();
    } catch (NotBitTorrent e) {
      shutdown();
      LOG.debug("peer {}: {}; closed", peer, e.getMessage());
      return true;
    } catch (RuntimeException e) {
      shutdown();
      InvalidMessageException invalid = invalidMessage(e);
      if (invalid == null) {
        throw e;
      }
      LOG.warn("peer {} sent a message that cannot be decoded ({}): disconnected", peer,
          invalid.getMessage());
      return true;
    } catch (IOException e) {
      shutdown();
      throw e;
    } finally {
      inboundListener.run();
    }
  }

  private boolean readInbound() throws IOException {
    synchronized (inboundLock) {
      ByteBuffer buffer = inboundBuffer.lockAndGet();
      if (buffer == null) {
        throw new EOFException("connection closed");
      }
      try {
        do {
          int readLast;
          while ((readLast = channel.read(buffer)) > 0) {
            // read what the socket has, up to the buffer's room
          }
          if (!streamStartChecked && buffer.position() > 0) {
            streamStartChecked = true;
            if (buffer.get(0) != HANDSHAKE_FIRST_BYTE) {
              throw new NotBitTorrent("stream starts with 0x"
                  + Integer.toHexString(buffer.get(0) & 0xff)
                  + ", not a plaintext BitTorrent handshake (an encrypted MSE handshake?)");
            }
          }
          boolean insufficientSpace = !buffer.hasRemaining();
          context.fireDataReceived();
          if (readLast == -1) {
            throw new EOFException();
          } else if (!insufficientSpace) {
            return true;
          }
        } while (buffer.hasRemaining());
        return false;
      } finally {
        inboundBuffer.unlock();
      }
    }
  }

  private static InvalidMessageException invalidMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidMessageException invalid) {
        return invalid;
      }
    }
    return null;
  }

  /**
   * Skips the check that the stream starts with the plaintext handshake's first byte: the
   * connection factory has read the start of an incoming stream itself (plaintext, or the
   * decrypted initial payload of an MSE handshake answered selecting plaintext). Call before
   * {@link #register()}.
   */
  void streamStartChecked() {
    synchronized (inboundLock) {
      streamStartChecked = true;
    }
  }

  @Override
  public void register() {
    receiver.registerChannel(channel, context);
    context.fireChannelRegistered();
  }

  @Override
  public void unregister() {
    receiver.unregisterChannel(channel);
    context.fireChannelUnregistered();
  }

  @Override
  public void activate() {
    receiver.activateChannel(channel);
    context.fireChannelActive();
  }

  @Override
  public void deactivate() {
    receiver.deactivateChannel(channel);
    context.fireChannelInactive();
  }

  @Override
  public void close() {
    closing = true;
    synchronized (inboundLock) {
      synchronized (outboundLock) {
        shutdown();
      }
    }
  }

  /** Runs {@code action} once this handler is closed (at once if it is already). */
  void whenClosed(Runnable action) {
    closeAction = action;
    if (shutdown.get()) {
      action.run(); // may run twice if closing meanwhile: the action is idempotent
    }
  }

  private void shutdown() {
    if (shutdown.compareAndSet(false, true)) {
      Runnable action = closeAction;
      if (action != null) {
        action.run();
      }
      try {
        unregister();
      } catch (RuntimeException e) {
        LOG.error("Failed to unregister channel", e);
      }
      try {
        channel.close();
      } catch (IOException e) {
        LOG.error("Failed to close channel", e);
      }
      release(inboundBuffer);
      release(outboundBuffer);
      backlog = false;
      // a blocking read (Bt's handshake handlers) waiting on this connection sees the close now,
      // whoever closed it, not at its next periodic look
      inboundListener.run();
    }
  }

  private static void release(BorrowedBuffer<ByteBuffer> buffer) {
    try {
      buffer.release();
    } catch (RuntimeException e) {
      LOG.error("Failed to release buffer", e);
    }
  }

  @Override
  public boolean isClosed() {
    return shutdown.get();
  }
}
