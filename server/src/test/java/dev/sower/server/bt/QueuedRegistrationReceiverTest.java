package dev.sower.server.bt;

import static org.assertj.core.api.Assertions.assertThat;

import bt.net.SharedSelector;
import bt.runtime.Config;
import bt.service.RuntimeLifecycleBinder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Write requests of the receive loop, which runs on a thread of the test's own. */
class QueuedRegistrationReceiverTest {
  private SharedSelector selector;
  private QueuedRegistrationReceiver receiver;
  private Thread loop;
  private ServerSocketChannel listener;
  private SocketChannel remote;
  private SocketChannel local;

  @BeforeEach
  void start() throws IOException {
    selector = new SharedSelector(Selector.open());
    receiver = new QueuedRegistrationReceiver(selector, new RuntimeLifecycleBinder(), new Config(),
        new DispatchWakeup());
    loop = new Thread(receiver, "test-receive-loop");
    loop.start();
    listener = ServerSocketChannel.open().bind(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    remote = SocketChannel.open(listener.getLocalAddress());
    local = listener.accept();
    local.configureBlocking(false);
  }

  @AfterEach
  void stop() throws Exception {
    selector.close();
    loop.join(5000);
    local.close();
    remote.close();
    listener.close();
  }

  private static boolean within(long millis, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return condition.getAsBoolean();
  }

  @Test
  void aWriteRequestedBeforeTheChannelRegistersIsCalledBackOnceItDoes() throws Exception {
    CountDownLatch written = new CountDownLatch(1);
    receiver.requestWrite(local, written::countDown);
    Thread.sleep(300); // the loop sees the request while the channel is not registered yet
    receiver.registerChannel(local, null);
    assertThat(written.await(5, TimeUnit.SECONDS)).as("called back once registered").isTrue();
    assertThat(receiver.waitingWriters()).isZero();
  }

  @Test
  void aWriteRequestedForAClosedChannelIsForgotten() throws Exception {
    receiver.registerChannel(local, null);
    local.close(); // as a handler closed by its read, just before its dispatcher asks to write
    receiver.unregisterChannel(local);
    receiver.requestWrite(local, () -> {});
    assertThat(within(5000, () -> receiver.waitingWriters() == 0)).as("forgotten").isTrue();
  }
}
