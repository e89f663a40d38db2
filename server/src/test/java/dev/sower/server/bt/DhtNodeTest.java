package dev.sower.server.bt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bt.runtime.Config;
import bt.service.RuntimeLifecycleBinder;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DHT node's start and stop. Its only bootstrap node is on loopback, which mldht ignores, so
 * these tests send no packet anywhere (the end-to-end test is DhtDiscoveryIT).
 */
class DhtNodeTest {
  @TempDir
  Path tmp;

  private DhtNode node(int port) {
    Config config = new Config();
    config.setAcceptorAddress(InetAddress.getLoopbackAddress());
    return new DhtNode(new SwarmSettings.Dht(true, new InetSocketAddress(port),
        List.of(InetSocketAddress.createUnresolved("127.0.0.1", 1)), tmp), config,
        new RuntimeLifecycleBinder());
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void aStoppedNodeFreesItsPortSoTheNextReleaseCanBindIt() throws Exception {
    int port = freeUdpPort();
    DhtNode first = node(port);
    first.start();
    assertThat(first.routingTableNodes()).isZero();
    first.stop();
    DhtNode second = node(port);
    second.start();
    second.stop();
    // The node id and routing table are kept for the next start.
    assertThat(Files.list(tmp.resolve("dht")).map(p -> p.getFileName().toString()))
        .contains("baseID.config");
  }

  @Test
  void aTakenPortFailsTheStartAtOnce() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(0)) {
      DhtNode node = node(taken.getLocalPort());
      assertThatThrownBy(node::start).isInstanceOf(IOException.class)
          .hasMessageContaining("DHT cannot listen on UDP");
      assertThat(node.routingTableNodes()).isZero();
    }
  }
}
