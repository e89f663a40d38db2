package dev.sower.rsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.rsync.daemon.DaemonConfig;
import dev.sower.rsync.daemon.ModuleConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "proxy protocol": behind a load balancer that prepends a PROXY v1 header, hosts allow/deny
 * see the original client address. The real client talks through a small forwarding proxy.
 */
class ProxyProtocolIT {
  @TempDir
  Path dir;

  /** Accepts one connection at a time, sends the header, then pipes bytes both ways. */
  private static final class HeaderProxy implements AutoCloseable {
    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> open = new ArrayList<>();

    HeaderProxy(int target, String header) throws IOException {
      server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
      acceptor = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket in = server.accept();
            Socket out = new Socket();
            out.connect(new InetSocketAddress("127.0.0.1", target), 2000);
            synchronized (open) {
              open.add(in);
              open.add(out);
            }
            out.getOutputStream().write(header.getBytes(StandardCharsets.US_ASCII));
            pipe(in.getInputStream(), out.getOutputStream(), out);
            pipe(out.getInputStream(), in.getOutputStream(), in);
          } catch (IOException e) {
            return;
          }
        }
      }, "proxy-acceptor");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private static void pipe(InputStream from, OutputStream to, Socket toSocket) {
      Thread t = new Thread(() -> {
        try {
          from.transferTo(to);
          toSocket.shutdownOutput();
        } catch (IOException e) {
          // one side closed
        }
      }, "proxy-pipe");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
      synchronized (open) {
        for (Socket s : open) {
          s.close();
        }
      }
    }
  }

  @Test
  void hostsAllowSeesTheAddressFromTheProxyHeader() throws Exception {
    Path tree = TestTree.create(dir);
    ModuleConfig m = ModuleConfig.of("mod", tree, "behind a balancer")
        .withHosts(List.of("192.0.2.0/24"), List.of("*"));
    try (SowerGateway sower = new SowerGateway(DaemonConfig.of(List.of(m))
            .withProxyProtocol(true));
        HeaderProxy allowed = new HeaderProxy(sower.port(),
            "PROXY TCP4 192.0.2.7 127.0.0.1 40000 873\r\n");
        HeaderProxy denied = new HeaderProxy(sower.port(),
            "PROXY TCP4 198.51.100.9 127.0.0.1 40000 873\r\n")) {
      RsyncClient.Result ok = RsyncClient.run(dir, List.of("-r", "--list-only",
          "rsync://127.0.0.1:" + allowed.port() + "/mod/deep/"));
      assertThat(ok.exitCode()).as(ok.stderr()).isZero();
      assertThat(ok.out()).contains("l1/l2/l3/leaf.txt");
      RsyncClient.Result no = RsyncClient.run(dir, List.of("-r", "--list-only",
          "rsync://127.0.0.1:" + denied.port() + "/mod/deep/"));
      assertThat(no.exitCode()).isEqualTo(5);
      assertThat(no.stderr()).contains(
          "@ERROR: access denied to mod from UNDETERMINED (198.51.100.9)");
      RsyncClient.Result direct = RsyncClient.run(dir, List.of("-r", "--list-only",
          "rsync://127.0.0.1:" + sower.port() + "/mod/deep/"));
      assertThat(direct.exitCode()).as("no PROXY header: refused").isNotZero();
      assertThat(direct.out()).doesNotContain("leaf.txt");
    }
  }
}
