package dev.sower.server.bt;

import static org.assertj.core.api.Assertions.assertThat;

import bt.metainfo.TorrentId;
import bt.protocol.crypto.EncryptionPolicy;
import bt.tracker.TrackerResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sower.server.bt.AnnounceListener.Outcome;
import dev.sower.server.bt.AnnounceQuery.Transfer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Announces over HTTP to a test tracker (the JDK's HttpServer on an ephemeral loopback port). */
class HttpAnnounceTrackerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private static final TorrentId TORRENT = TorrentId.fromBytes(AnnounceQueryTest.INFO_HASH);

  private final ExecutorService serverThreads = Executors.newCachedThreadPool();
  private final Queue<String> queries = new ConcurrentLinkedQueue<>();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
    serverThreads.shutdownNow();
  }

  /** A tracker at /announce answering each request with {@code answer}. */
  private HttpAnnounceTracker tracker(Consumer<HttpExchange> answer) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(serverThreads);
    server.createContext("/announce", exchange -> {
      queries.add(exchange.getRequestURI().getRawQuery());
      try {
        answer.accept(exchange);
      } finally {
        exchange.close();
      }
    });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/announce";
    return new HttpAnnounceTracker(url, CLIENT, TIMEOUT, (torrent, numWant, event) ->
        new AnnounceQuery(torrent.getBytes(), AnnounceQueryTest.PEER_ID, null, 6881,
            new Transfer(0, 0, 0), numWant == null ? 50 : numWant, null, null, event,
            EncryptionPolicy.REQUIRE_PLAINTEXT));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) {
    try {
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      exchange.getResponseBody().write(body);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void goldenQueryAndAnswer() throws Exception {
    HttpAnnounceTracker tracker = tracker(e -> send(e, 200, AnnounceAnswerTest.golden()));
    TrackerResponse r = tracker.request(TORRENT).numWant(7).start();
    AnnounceAnswerTest.assertGolden(r);
    assertThat(queries).containsExactly("info_hash=%00Az09-._~%20%25%26%2F%3D%3F%80%FF%7FZa"
        + "&peer_id=-SW0100-abc%01%FF~.%20%2B%2Fxyz"
        + "&port=6881&uploaded=0&downloaded=0&left=0&compact=1&numwant=7&event=started");
    // the tracker id of that answer goes back with the torrent's next announces
    tracker.request(TORRENT).query();
    tracker.request(TORRENT).stop();
    tracker.request(TORRENT).query();
    assertThat(queries).element(1).asString()
        .endsWith("&compact=1&numwant=50&trackerid=t-1");
    assertThat(queries).element(2).asString()
        .endsWith("&numwant=50&trackerid=t-1&event=stopped");
    assertThat(queries).element(3).asString().endsWith("&compact=1&numwant=50");
  }

  @Test
  void answerStreamedOneByteAtATime() throws Exception {
    byte[] answer = AnnounceAnswerTest.golden();
    HttpAnnounceTracker tracker = tracker(e -> {
      try {
        e.sendResponseHeaders(200, 0); // chunked
        OutputStream out = e.getResponseBody();
        for (byte b : answer) {
          out.write(b);
          out.flush();
        }
      } catch (IOException x) {
        throw new java.io.UncheckedIOException(x);
      }
    });
    AnnounceAnswerTest.assertGolden(tracker.request(TORRENT).query());
  }

  @Test
  void endlessBodyIsCutAtTheBound() throws Exception {
    AtomicLong written = new AtomicLong();
    long offered = 64L << 20;
    HttpAnnounceTracker tracker = tracker(e -> {
      byte[] chunk = new byte[64 << 10];
      try {
        e.sendResponseHeaders(200, 0); // chunked, no length announced
        OutputStream out = e.getResponseBody();
        while (written.get() < offered) {
          out.write(chunk);
          written.addAndGet(chunk.length);
        }
      } catch (IOException clientGone) {
        // expected: the client stops reading past the bound
      }
    });
    TrackerResponse r = tracker.request(TORRENT).query();
    assertThat(r.getError()).hasValueSatisfying(e -> assertThat(e)
        .hasMessageContaining("announce answer of http://127.0.0.1:")
        .hasMessageContaining("exceeds 1048576 bytes"));
    assertThat(TimedTrackerService.outcome(r, null)).isEqualTo(Outcome.FAILURE);
    server.stop(1);
    assertThat(written.get()).as("bytes the tracker could write").isLessThan(offered);
  }

  @Test
  void declaredLengthPastTheBoundIsRefusedBeforeReading() throws Exception {
    HttpAnnounceTracker tracker = tracker(e -> {
      try {
        e.sendResponseHeaders(200, 1L << 31);
        e.getResponseBody().write("d8:intervali60e5:peers".getBytes());
      } catch (IOException clientGone) {
        // expected
      }
    });
    TrackerResponse r = tracker.request(TORRENT).query();
    assertThat(r.getError()).hasValueSatisfying(e -> assertThat(e)
        .hasMessageContaining("declares 2147483648 bytes, more than 1048576"));
  }

  @Test
  void hugeBencodedStringInASmallBody() throws Exception {
    HttpAnnounceTracker tracker = tracker(e -> send(e, 200,
        "d8:intervali60e5:peers2147483647:abcdef".getBytes()));
    TrackerResponse r = tracker.request(TORRENT).query();
    assertThat(r.getError()).hasValueSatisfying(e -> assertThat(e)
        .hasMessageStartingWith("malformed announce answer from http://127.0.0.1:")
        .hasMessageContaining("byte string of 2147483647 bytes exceeds the limit of 1048576"));
  }

  @Test
  void failureReasonAndHttpErrors() throws Exception {
    HttpAnnounceTracker refusing = tracker(e -> send(e, 200,
        "d14:failure reason8:not heree".getBytes()));
    TrackerResponse r = refusing.request(TORRENT).query();
    assertThat(r.isSuccess()).isFalse();
    assertThat(r.getErrorMessage()).isEqualTo("not here");
    assertThat(TimedTrackerService.outcome(r, null)).isEqualTo(Outcome.FAILURE);
    server.stop(0);

    HttpAnnounceTracker missing = tracker(e -> send(e, 404, "nope".getBytes()));
    r = missing.request(TORRENT).query();
    assertThat(r.getError()).hasValueSatisfying(e -> assertThat(e).hasMessage(
        "tracker " + missing + " answered HTTP 404"));
    server.stop(0);

    HttpAnnounceTracker moved = tracker(e -> {
      e.getResponseHeaders().add("Location", "http://192.0.2.1/announce");
      send(e, 302, new byte[0]);
    });
    r = moved.request(TORRENT).query();
    assertThat(r.getError()).hasValueSatisfying(e -> assertThat(e).hasMessage(
        "tracker " + moved + " answered HTTP 302"));
  }

  @Test
  void refusedConnectionIsAFailureNamingTheUrl() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/announce";
    HttpAnnounceTracker tracker = new HttpAnnounceTracker(url, CLIENT, TIMEOUT,
        (torrent, numWant, event) -> new AnnounceQuery(torrent.getBytes(),
            AnnounceQueryTest.PEER_ID, null, 1, null, 0, null, null, event,
            EncryptionPolicy.REQUIRE_PLAINTEXT));
    TrackerResponse r = tracker.request(TORRENT).query();
    assertThat(r.getError()).hasValueSatisfying(e -> assertThat(e)
        .hasMessageStartingWith("announce to " + url + " failed: java.net.ConnectException"));
    assertThat(TimedTrackerService.outcome(r, null)).isEqualTo(Outcome.FAILURE);
  }

  @Test
  void silentTrackerTimesOut() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HttpAnnounceTracker stalling = tracker(e -> await(release));
    long start = System.nanoTime();
    TrackerResponse r = stalling.request(TORRENT).query();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(3));
    assertThat(r.getError()).hasValueSatisfying(e -> assertThat(e)
        .isInstanceOf(InterruptedIOException.class).hasMessageContaining(stalling.toString()));
    assertThat(TimedTrackerService.outcome(r, null)).isEqualTo(Outcome.TIMEOUT);
    release.countDown();
  }

  /**
   * An announce interrupted by a shutdown returns an empty success (no error for Bt to log
   * with a stack trace) and keeps the thread's interrupt status.
   */
  @Test
  void anAnnounceInterruptedByShutdownReportsNothing() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch asked = new CountDownLatch(1);
    HttpAnnounceTracker stalling = tracker(e -> {
      asked.countDown();
      await(release);
    });
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<Boolean[]> result = caller.submit(() -> {
        TrackerResponse r = stalling.request(TORRENT).query();
        return new Boolean[] {r.isSuccess(), r.getPeers().iterator().hasNext(),
            Thread.currentThread().isInterrupted()};
      });
      assertThat(asked.await(10, TimeUnit.SECONDS)).isTrue();
      caller.shutdownNow();
      assertThat(result.get(10, TimeUnit.SECONDS)).containsExactly(true, false, true);
    } finally {
      release.countDown();
    }
  }

  @Test
  void bodyThatStallsAfterTheHeadersTimesOut() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HttpAnnounceTracker stalling = tracker(e -> {
      try {
        e.sendResponseHeaders(200, 0);
        e.getResponseBody().write("d8:interval".getBytes());
        e.getResponseBody().flush();
        await(release);
      } catch (IOException x) {
        // client gone
      }
    });
    long start = System.nanoTime();
    TrackerResponse r = stalling.request(TORRENT).query();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(3));
    assertThat(r.getError()).hasValueSatisfying(e -> assertThat(e)
        .isInstanceOf(InterruptedIOException.class).hasMessageContaining("no answer from "
            + stalling + " within 4000 ms"));
    release.countDown();
  }

  @Test
  void concurrentAnnouncesToOneTrackerAllGetThrough() throws Exception {
    int announces = 16;
    CountDownLatch allArrived = new CountDownLatch(announces);
    HttpAnnounceTracker tracker = tracker(e -> {
      allArrived.countDown();
      // no answer until every announce is in flight at once
      if (await(allArrived)) {
        send(e, 200, "d8:intervali60e5:peers0:e".getBytes());
      }
    });
    ExecutorService callers = Executors.newFixedThreadPool(announces);
    try {
      List<Future<TrackerResponse>> results = new java.util.ArrayList<>();
      for (int i = 0; i < announces; i++) {
        results.add(callers.submit(() -> tracker.request(TORRENT).query()));
      }
      for (Future<TrackerResponse> f : results) {
        TrackerResponse r = f.get(10, TimeUnit.SECONDS);
        assertThat(r.isSuccess()).as("%s", r.getError()).isTrue();
        assertThat(r.getInterval()).isEqualTo(60);
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(queries).hasSize(announces);
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
