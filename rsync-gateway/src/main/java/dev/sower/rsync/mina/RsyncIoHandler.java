package dev.sower.rsync.mina;

import dev.sower.rsync.daemon.RsyncDaemon;
import dev.sower.rsync.daemon.RsyncSession;
import java.io.IOException;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns MINA events into calls on an {@link RsyncSession}; the only MINA-aware logic. */
final class RsyncIoHandler extends IoHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(RsyncIoHandler.class);
  private static final AttributeKey SESSION = new AttributeKey(RsyncIoHandler.class, "rsync");

  private final RsyncDaemon daemon;

  RsyncIoHandler(RsyncDaemon daemon) {
    this.daemon = daemon;
  }

  private static RsyncSession of(IoSession s) {
    return (RsyncSession) s.getAttribute(SESSION);
  }

  @Override
  public void sessionOpened(IoSession s) {
    RsyncSession rs = daemon.newSession(new MinaSessionChannel(s));
    s.setAttribute(SESSION, rs);
    rs.start();
  }

  @Override
  public void messageReceived(IoSession s, Object message) {
    RsyncSession rs = of(s);
    if (rs != null && message instanceof IoBuffer buf) {
      rs.onInput(buf.buf());
    }
  }

  @Override
  public void sessionIdle(IoSession s, IdleStatus status) {
    RsyncSession rs = of(s);
    if (rs != null) {
      rs.onIdle();
    }
  }

  @Override
  public void sessionClosed(IoSession s) {
    RsyncSession rs = of(s);
    if (rs != null) {
      rs.onClosed();
    }
  }

  @Override
  public void exceptionCaught(IoSession s, Throwable cause) {
    if (cause instanceof IOException) {
      LOG.debug("connection error from {}: {}", s.getRemoteAddress(), cause.getMessage());
    } else {
      LOG.warn("unexpected error on connection from {}", s.getRemoteAddress(), cause);
    }
    s.closeNow();
  }
}
