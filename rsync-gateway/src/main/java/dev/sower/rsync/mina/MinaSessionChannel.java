package dev.sower.rsync.mina;

import dev.sower.rsync.daemon.SessionChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;

/** A {@link SessionChannel} over one MINA {@link IoSession}. */
final class MinaSessionChannel implements SessionChannel {
  private final IoSession session;

  MinaSessionChannel(IoSession session) {
    this.session = session;
  }

  @Override
  public void send(byte[] bytes, int offset, int length) {
    if (session.isConnected() && !session.isClosing()) {
      session.write(IoBuffer.wrap(bytes, offset, length));
    }
  }

  @Override
  public void send(ByteBuffer buffer, Runnable sent) {
    if (session.isConnected() && !session.isClosing()) {
      session.write(IoBuffer.wrap(buffer)).addListener(f -> sent.run());
    } else {
      sent.run();
    }
  }

  @Override
  public void closeAfterFlush() {
    session.closeOnFlush();
  }

  @Override
  public void closeNow() {
    session.closeNow();
  }

  @Override
  public void setIdleTimeoutSeconds(int seconds) {
    session.getConfig().setIdleTime(IdleStatus.BOTH_IDLE, seconds);
  }

  @Override
  public void suspendInput() {
    session.suspendRead();
  }

  @Override
  public void resumeInput() {
    session.resumeRead();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    SocketAddress a = session.getRemoteAddress();
    return a instanceof InetSocketAddress i ? i : null;
  }
}
