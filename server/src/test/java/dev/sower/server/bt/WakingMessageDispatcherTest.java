package dev.sower.server.bt;

import static org.assertj.core.api.Assertions.assertThat;

import bt.metainfo.TorrentId;
import bt.net.ConnectionKey;
import bt.net.InetPeer;
import bt.net.Peer;
import bt.net.PeerConnection;
import bt.protocol.Have;
import bt.protocol.InvalidMessageException;
import bt.protocol.Message;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WakingMessageDispatcherTest {
  /** Far longer than any wait below: only a wake-up gets a message through in time. */
  private static final Duration IDLE_WAIT = Duration.ofSeconds(60);
  private static final TorrentId TORRENT = TorrentId.fromBytes(new byte[20]);

  private final DispatchWakeup wakeup = new DispatchWakeup();
  private final Map<ConnectionKey, PeerConnection> pool = new ConcurrentHashMap<>();
  private final List<String> posted = new CopyOnWriteArrayList<>();
  private WakingMessageDispatcher dispatcher;

  @AfterEach
  void stop() {
    if (dispatcher != null) {
      dispatcher.stop();
    }
  }

  @Test
  void aMessageQueuedWhileIdleIsSentAndOneReadIsConsumedAtOnceWhenSignalled() throws Exception {
    FakeConnection a = connect(1);
    Queue<Message> outbound = new ConcurrentLinkedQueue<>();
    List<Message> consumed = new CopyOnWriteArrayList<>();
    start();
    dispatcher.addMessageConsumer(a.key, consumed::add);
    dispatcher.addMessageSupplier(a.key, outbound::poll);
    Thread.sleep(100); // the loop has found nothing and waits
    // Queued from other threads at random moments, against the loop clearing and parking: each
    // message must go through without the 60 s idle wait, so no signal may be lost.
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 300; i++) {
      int n = i;
      boolean inbound = random.nextBoolean();
      int pauseMicros = random.nextInt(200);
      int before = inbound ? consumed.size() : posted.size();
      Thread producer = new Thread(() -> {
        spinMicros(pauseMicros);
        if (inbound) {
          a.inbound.add(have(n));
        } else {
          outbound.add(have(n));
        }
        wakeup.signal();
      });
      producer.start();
      assertThat(await(() -> (inbound ? consumed.size() : posted.size()) > before))
          .as("message %d (%s) within 2 s", n, inbound ? "inbound" : "outbound").isTrue();
      producer.join();
    }
  }

  @Test
  void drainsSeveralMessagesPerPeerPerPassBoundedSoPeersTakeTurns() throws Exception {
    int perPeer = 3 * WakingMessageDispatcher.MAX_SENT_PER_PEER;
    for (int p = 1; p <= 2; p++) {
      FakeConnection c = connect(p);
      Queue<Message> outbound = new ConcurrentLinkedQueue<>();
      for (int i = 0; i < perPeer; i++) {
        outbound.add(have(i));
      }
      dispatcherOnce().addMessageSupplier(c.key, outbound::poll);
    }
    start();
    assertThat(await(() -> posted.size() == 2 * perPeer)).isTrue();
    List<Integer> runs = new ArrayList<>();
    String last = null;
    for (String post : posted) {
      String peer = post.substring(0, post.indexOf(':'));
      if (peer.equals(last)) {
        runs.set(runs.size() - 1, runs.get(runs.size() - 1) + 1);
      } else {
        runs.add(1);
      }
      last = peer;
    }
    // Bt's dispatcher took one message per peer per pass: 192 runs of 1.
    assertThat(runs).hasSize(6).containsOnly(WakingMessageDispatcher.MAX_SENT_PER_PEER);
  }

  @Test
  void eachPeersTurnIsWrittenAsOneBatch() throws Exception {
    int perPeer = 2 * WakingMessageDispatcher.MAX_SENT_PER_PEER + 5;
    FakeConnection c = connect(1);
    Queue<Message> outbound = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < perPeer; i++) {
      outbound.add(have(i));
    }
    dispatcherOnce().addMessageSupplier(c.key, outbound::poll);
    start();
    assertThat(await(() -> c.flushedAt.size() == 3)).isTrue();
    int max = WakingMessageDispatcher.MAX_SENT_PER_PEER;
    assertThat(c.flushedAt).containsExactly(max, 2 * max, perPeer);
  }

  @Test
  void failingConsumersSuppliersReadsAndWritesStopNeitherTheirPeerNorOthers() throws Exception {
    FakeConnection a = connect(1);
    FakeConnection b = connect(2);
    FakeConnection unreadable = connect(3);
    unreadable.failReads = true;
    FakeConnection unwritable = connect(4);
    unwritable.failWrites = true;
    start();
    List<String> consumed = new CopyOnWriteArrayList<>();
    for (FakeConnection c : List.of(a, b, unreadable, unwritable)) {
      dispatcher.addMessageConsumer(c.key, m -> {
        throw new IllegalStateException("consumer fails (expected by the test)");
      });
      dispatcher.addMessageConsumer(c.key, m -> consumed.add(c.port + ":" + m));
      dispatcher.addMessageSupplier(c.key, () -> {
        throw new IllegalStateException("supplier fails (expected by the test)");
      });
      Queue<Message> outbound = new ConcurrentLinkedQueue<>();
      for (int i = 0; i < 5; i++) {
        outbound.add(have(i));
        c.inbound.add(have(i));
      }
      dispatcher.addMessageSupplier(c.key, outbound::poll);
    }
    wakeup.signal();
    // Every peer but the unwritable one gets its 5 messages out, every peer but the unreadable
    // one has its 5 messages consumed by the consumer that does not throw.
    assertThat(await(() -> posted.size() == 15 && consumed.size() == 15))
        .as("posted %s, consumed %s", posted, consumed).isTrue();
    assertThat(posted).noneMatch(p -> p.startsWith("4:"));
    assertThat(consumed).noneMatch(m -> m.startsWith("3:"));
    assertThat(dispatcher.running()).isTrue();
  }

  @Test
  void aPeerWhoseSocketIsFullGetsNothingMoreWhileOthersAreServedAndIsClosedOnceStalled()
      throws Exception {
    FakeConnection slow = connect(1);
    FakeConnection fast = connect(2);
    FakeConnection broken = connect(3);
    slow.room = 3;
    broken.room = 0;
    broken.failFlush = true;
    Queue<Message> slowOutbound = new ConcurrentLinkedQueue<>();
    Queue<Message> fastOutbound = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < 100; i++) {
      slowOutbound.add(have(i));
      fastOutbound.add(have(i));
    }
    dispatcherOnce().addMessageSupplier(slow.key, slowOutbound::poll);
    dispatcher.addMessageSupplier(fast.key, fastOutbound::poll);
    dispatcher.addMessageSupplier(broken.key, () -> have(0));
    start();
    assertThat(await(() -> count("2:") == 100)).as("the other peer is served").isTrue();
    sleepMillis(100);
    assertThat(count("1:")).as("the full peer got only what its socket took").isEqualTo(3);
    assertThat(slowOutbound).as("its messages stay queued with Bt").hasSize(97);

    slow.room = 5; // its socket took the bytes
    wakeup.signal();
    assertThat(await(() -> count("1:") == 8)).isTrue();
    sleepMillis(100);
    assertThat(count("1:")).isEqualTo(8);
    assertThat(slow.closed).isFalse();

    slow.stalled = true;
    wakeup.signal();
    assertThat(await(() -> slow.closed)).as("a stalled peer is disconnected").isTrue();
    assertThat(fast.closed).isFalse();
    assertThat(count("3:")).as("a peer whose flush fails gets nothing").isZero();
    assertThat(dispatcher.running()).isTrue();
  }

  private long count(String peerPrefix) {
    return posted.stream().filter(p -> p.startsWith(peerPrefix)).count();
  }

  @Test
  void aClosedConnectionsEntryIsDroppedAndItsKeyServedAfreshOnReconnect() throws Exception {
    FakeConnection first = connect(1);
    List<String> consumed = new CopyOnWriteArrayList<>();
    start();
    dispatcher.addMessageConsumer(first.key, m -> consumed.add("old " + m));
    first.inbound.add(have(1));
    wakeup.signal();
    assertThat(await(() -> consumed.size() == 1)).isTrue();
    first.closed = true;
    FakeConnection second = new FakeConnection(1);
    pool.put(second.key, second); // Bt's pool: same key, new connection, consumer added again
    dispatcher.addMessageConsumer(second.key, m -> consumed.add("new " + m));
    second.inbound.add(have(2));
    wakeup.signal();
    assertThat(await(() -> consumed.size() == 2)).isTrue();
    Thread.sleep(50);
    assertThat(consumed).containsExactly("old " + have(1), "new " + have(2));
  }

  @Test
  void stopEndsTheLoopBetweenPassesWithoutInterruptingAWrite() throws Exception {
    FakeConnection slow = connect(1);
    slow.writeMillis = 300;
    Queue<Message> outbound = new ConcurrentLinkedQueue<>(List.of(have(1)));
    start();
    dispatcher.addMessageSupplier(slow.key, outbound::poll);
    assertThat(slow.writing.await(2, TimeUnit.SECONDS)).isTrue();
    dispatcher.stop();
    assertThat(dispatcher.running()).isFalse();
    assertThat(slow.interrupted).isFalse();
    assertThat(posted).containsExactly("1:" + have(1));
  }

  @Test
  void stopWakesAnIdleLoop() {
    start();
    sleepMillis(100);
    long t0 = System.nanoTime();
    dispatcher.stop();
    assertThat(dispatcher.running()).isFalse();
    assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(1));
  }

  private WakingMessageDispatcher dispatcherOnce() {
    if (dispatcher == null) {
      dispatcher = new WakingMessageDispatcher(wakeup, pool::get, id -> true, IDLE_WAIT,
          "test-message-dispatcher");
    }
    return dispatcher;
  }

  private void start() {
    dispatcherOnce().start();
  }

  private FakeConnection connect(int port) {
    FakeConnection c = new FakeConnection(port);
    pool.put(c.key, c);
    return c;
  }

  private static Have have(int n) {
    try {
      return new Have(n);
    } catch (InvalidMessageException e) {
      throw new AssertionError(e);
    }
  }

  private static boolean await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.onSpinWait();
    }
    return true;
  }

  private static void spinMicros(int micros) {
    long end = System.nanoTime() + micros * 1000L;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** A peer connection holding inbound messages in a queue and recording what is posted. */
  private final class FakeConnection implements PeerConnection, OutboundBacklog {
    final int port;
    final Peer peer;
    final ConnectionKey key;
    final Queue<Message> inbound = new ConcurrentLinkedQueue<>();
    final CountDownLatch writing = new CountDownLatch(1);
    volatile boolean closed;
    volatile boolean failReads;
    volatile boolean failWrites;
    volatile long writeMillis;
    volatile boolean interrupted;
    /** Messages its socket takes before it is full (the peer stopped reading). */
    volatile int room = Integer.MAX_VALUE;
    volatile boolean stalled;
    volatile boolean failFlush;
    /** How many messages had been posted at each flush of a batch. */
    final List<Integer> flushedAt = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile int postedHere;

    FakeConnection(int port) {
      this.port = port;
      this.peer = InetPeer.build(InetAddress.getLoopbackAddress(), port);
      this.key = new ConnectionKey(peer, port, TORRENT);
    }

    @Override
    public Message readMessageNow() {
      if (failReads) {
        throw new IllegalStateException("read fails (expected by the test)");
      }
      return inbound.poll();
    }

    @Override
    public Message readMessage(long timeout) {
      return readMessageNow();
    }

    @Override
    public void postMessage(Message message) {
      if (failWrites) {
        throw new IllegalStateException("write fails (expected by the test)");
      }
      writing.countDown();
      if (writeMillis > 0) {
        try {
          Thread.sleep(writeMillis);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      posted.add(port + ":" + message);
      postedHere++;
      room--;
    }

    @Override
    public void postBatched(Message message) {
      postMessage(message);
    }

    @Override
    public void flushBatch() {
      flushedAt.add(postedHere);
    }

    @Override
    public boolean readyToSend() {
      if (failFlush) {
        throw new IllegalStateException("flush fails (expected by the test)");
      }
      return room > 0;
    }

    @Override
    public boolean stalledTooLong() {
      return stalled;
    }

    @Override
    public Peer getRemotePeer() {
      return peer;
    }

    @Override
    public int getRemotePort() {
      return port;
    }

    @Override
    public TorrentId setTorrentId(TorrentId torrentId) {
      return TORRENT;
    }

    @Override
    public TorrentId getTorrentId() {
      return TORRENT;
    }

    @Override
    public long getLastActive() {
      return 0;
    }

    @Override
    public void closeQuietly() {
      closed = true;
    }

    @Override
    public void close() {
      closed = true;
    }

    @Override
    public boolean isClosed() {
      return closed;
    }
  }
}
