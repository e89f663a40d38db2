package dev.sower.rsync.mina;

import dev.sower.rsync.daemon.FileTransferSender;
import dev.sower.rsync.daemon.RsyncDaemon;
import dev.sower.rsync.daemon.SenderWarmUp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;

/**
 * The rsync daemon on a MINA NIO acceptor. The protocol never sees MINA: each connection gets
 * an {@link dev.sower.rsync.daemon.RsyncSession} fed by {@link RsyncIoHandler}.
 */
public final class MinaRsyncServer implements AutoCloseable {
  private final NioSocketAcceptor acceptor;

  private MinaRsyncServer(NioSocketAcceptor acceptor) {
    this.acceptor = acceptor;
  }

  /** Binds every address (port 0 picks a free port) and starts accepting. */
  public static MinaRsyncServer start(RsyncDaemon daemon, List<InetSocketAddress> addresses,
      int ioThreads) throws IOException {
    NioSocketAcceptor acceptor = new NioSocketAcceptor(Math.max(1, ioThreads));
    acceptor.setReuseAddress(true);
    acceptor.setCloseOnDeactivation(true);
    acceptor.getSessionConfig().setTcpNoDelay(true);
    acceptor.getSessionConfig().setKeepAlive(true);
    // MINA writes at most 1.5 x this per session and flush, then waits for OP_WRITE: at the
    // default 64 KiB a data chunk took three writes and two epoll round trips; this lets one
    // write take a whole chunk. It also caps the adaptive read buffer, so 256 KiB per session.
    acceptor.getSessionConfig().setMaxReadBufferSize(FileTransferSender.CHUNK_BYTES);
    acceptor.setHandler(new RsyncIoHandler(daemon));
    try {
      acceptor.bind(new ArrayList<SocketAddress>(addresses));
    } catch (IOException e) {
      acceptor.dispose(true);
      throw e;
    }
    return new MinaRsyncServer(acceptor);
  }

  /**
   * Runs the {@link SenderWarmUp} in the background, its throwaway daemon served by its own
   * acceptor on an ephemeral loopback port, so that the socket code is warmed up too.
   *
   * @param scratchParent where its scratch tree is written (and deleted)
   */
  public static SenderWarmUp.Running warmUp(Path scratchParent) {
    return SenderWarmUp.startInBackground(scratchParent, MinaRsyncServer::onLoopback);
  }

  /** The synchronous {@link #warmUp}, for tests. */
  public static SenderWarmUp.Report warmUp(Path scratchParent, int rounds)
      throws IOException, InterruptedException {
    return SenderWarmUp.run(scratchParent, rounds, MinaRsyncServer::onLoopback);
  }

  static SenderWarmUp.Endpoint onLoopback(RsyncDaemon daemon) throws IOException {
    MinaRsyncServer s = start(daemon,
        List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), 1);
    return new SenderWarmUp.Endpoint(s.localAddresses().get(0), s::close);
  }

  /** The bound addresses (with the real port when 0 was asked for). */
  public List<InetSocketAddress> localAddresses() {
    List<InetSocketAddress> out = new ArrayList<>();
    for (SocketAddress a : acceptor.getLocalAddresses()) {
      out.add((InetSocketAddress) a);
    }
    return out;
  }

  public int sessionCount() {
    return acceptor.getManagedSessionCount();
  }

  @Override
  public void close() {
    acceptor.unbind();
    acceptor.dispose(true);
  }
}
