package dev.sower.rsync.daemon;

import dev.sower.rsync.flist.EncodedList;
import dev.sower.rsync.flist.ModuleRoot;
import dev.sower.rsync.options.ServerOptions;
import dev.sower.rsync.wire.MessageTag;
import dev.sower.rsync.wire.MuxFrameEncoder;
import dev.sower.rsync.wire.WireBuffer;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import org.slf4j.event.Level;

/** The {@link SenderContext} of one session; every call takes the session's lock. */
final class SessionSenderContext implements SenderContext {
  private final RsyncSession session;

  SessionSenderContext(RsyncSession session) {
    this.session = session;
  }

  @Override
  public EncodedList list() {
    synchronized (session) {
      return session.list();
    }
  }

  @Override
  public ModuleRoot root() {
    synchronized (session) {
      return session.module() == null ? null : session.module().root();
    }
  }

  @Override
  public ServerOptions options() {
    synchronized (session) {
      return session.options();
    }
  }

  @Override
  public int protocol() {
    synchronized (session) {
      return session.protocol();
    }
  }

  @Override
  public int checksumSeed() {
    synchronized (session) {
      return session.seed();
    }
  }

  @Override
  public Executor workers() {
    return session.daemon().workers();
  }

  @Override
  public Executor senders() {
    return session.daemon().senders();
  }

  @Override
  public Level sessionLogLevel() {
    return session.daemon().config().sessionLogLevel();
  }

  @Override
  public String moduleName() {
    synchronized (session) {
      return session.module() == null ? "" : session.module().config().name();
    }
  }

  @Override
  public void sendChunk(ByteBuffer chunk, int length, Runnable written) {
    synchronized (session) {
      session.sendDataChunk(chunk, length, written);
    }
  }

  @Override
  public void pumpInput() {
    synchronized (session) {
      session.pumpSender();
    }
  }

  @Override
  public void sendData(WireBuffer d) {
    WireBuffer w = new WireBuffer(d.size() + 16);
    MuxFrameEncoder.data(w, d.array(), 0, d.size());
    synchronized (session) {
      session.sendFrames(w);
    }
  }

  @Override
  public void sendMessage(MessageTag tag, String text) {
    WireBuffer w = new WireBuffer();
    MuxFrameEncoder.text(w, tag, text);
    synchronized (session) {
      session.sendFrames(w);
    }
  }

  @Override
  public void sendInt(MessageTag tag, int value) {
    WireBuffer w = new WireBuffer();
    MuxFrameEncoder.int32(w, tag, value);
    synchronized (session) {
      session.sendFrames(w);
    }
  }

  @Override
  public long bytesRead() {
    synchronized (session) {
      return session.bytesRead();
    }
  }

  @Override
  public long bytesWritten() {
    synchronized (session) {
      return session.bytesWritten();
    }
  }

  @Override
  public long listBuildMillis() {
    synchronized (session) {
      return session.buildMillis();
    }
  }

  @Override
  public long listTransferMillis() {
    synchronized (session) {
      return session.xferMillis();
    }
  }

  @Override
  public void completed(int ioError) {
    synchronized (session) {
      session.completed(ioError);
    }
  }

  @Override
  public void finish() {
    synchronized (session) {
      session.finishCleanly();
    }
  }

  @Override
  public SessionListener events() {
    synchronized (session) {
      return session.events();
    }
  }

  @Override
  public void fail(String text, int exitCode) {
    synchronized (session) {
      session.failWith(text, exitCode);
    }
  }

  @Override
  public void suspendInput() {
    session.channel().suspendInput();
  }

  @Override
  public void resumeInput() {
    session.channel().resumeInput();
  }
}
