package dev.sower.rsync.daemon;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** A {@link SessionChannel} that records what the session wrote. */
final class FakeChannel implements SessionChannel {
  final ByteArrayOutputStream sent = new ByteArrayOutputStream();
  boolean closed;
  boolean suspended;
  int idleSeconds = -1;
  private final InetSocketAddress remote;

  FakeChannel(String addr) {
    remote = new InetSocketAddress(addr, 40000);
  }

  @Override
  public synchronized void send(byte[] bytes, int offset, int length) {
    sent.write(bytes, offset, length);
  }

  @Override
  public void send(ByteBuffer buffer, Runnable written) {
    byte[] b = new byte[buffer.remaining()];
    buffer.get(b);
    send(b, 0, b.length);
    written.run();
  }

  @Override
  public synchronized void closeAfterFlush() {
    closed = true;
  }

  @Override
  public synchronized void closeNow() {
    closed = true;
  }

  @Override
  public void setIdleTimeoutSeconds(int seconds) {
    idleSeconds = seconds;
  }

  @Override
  public void suspendInput() {
    suspended = true;
  }

  @Override
  public void resumeInput() {
    suspended = false;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  synchronized byte[] bytes() {
    return sent.toByteArray();
  }

  synchronized String text() {
    return sent.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
