package dev.sower.server.bt;

import static org.assertj.core.api.Assertions.assertThat;

import bt.net.Peer;
import bt.tracker.TrackerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** A tracker's announce answer decoded to Bt's TrackerResponse, whole and byte by byte. */
class AnnounceAnswerTest {
  static final String URL = "http://t.example/announce";

  /** Golden answer: opentracker's keys plus BEP 7 peers6 and a tracker id. */
  static byte[] golden() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ascii(b, "d8:completei3e10:downloadedi9e10:incompletei2e8:intervali1800e");
    ascii(b, "12:min intervali900e");
    ascii(b, "5:peers12:");
    b.writeBytes(HexFormat.of().parseHex("c0000207" + "1ae1")); // 192.0.2.7 port 6881
    b.writeBytes(HexFormat.of().parseHex("7f000001" + "c8d5")); // 127.0.0.1 port 51413
    ascii(b, "6:peers618:");
    b.writeBytes(HexFormat.of().parseHex("20010db8000000000000000000000001" + "0050")); // :80
    ascii(b, "10:tracker id3:t-1");
    ascii(b, "15:warning message4:slowe");
    return b.toByteArray();
  }

  static void assertGolden(TrackerResponse r) {
    assertThat(r.isSuccess()).as("%s", r.getError()).isTrue();
    assertThat(r.getInterval()).isEqualTo(1800);
    assertThat(r.getMinInterval()).isEqualTo(900);
    assertThat(r.getSeederCount()).isEqualTo(3);
    assertThat(r.getLeecherCount()).isEqualTo(2);
    assertThat(r.getTrackerId()).hasValueSatisfying(
        id -> assertThat(id).isEqualTo("t-1".getBytes(StandardCharsets.US_ASCII)));
    assertThat(r.getWarningMessage()).isEqualTo("slow");
    assertThat(peers(r))
        .containsExactly("192.0.2.7:6881", "127.0.0.1:51413", "2001:db8:0:0:0:0:0:1:80");
  }

  @Test
  void goldenAnswerWhole() {
    assertGolden(AnnounceAnswer.decode(golden(), URL));
  }

  @Test
  void goldenAnswerDeliveredOneByteAtATime() throws Exception {
    byte[] answer = golden();
    BoundedBodyProbe probe = BoundedBodyProbe.of(AnnounceAnswer.MAX_BYTES, answer.length);
    for (byte b : answer) {
      probe.subscriber.onNext(List.of(ByteBuffer.wrap(new byte[] {b})));
    }
    probe.subscriber.onComplete();
    assertThat(probe.requested).isEqualTo(answer.length + 1);
    assertGolden(AnnounceAnswer.decode(probe.body(), URL));
  }

  @Test
  void everyTruncationIsAnErrorNamingTheTracker() {
    byte[] answer = golden();
    for (int n = 0; n < answer.length; n++) {
      TrackerResponse r = AnnounceAnswer.decode(Arrays.copyOf(answer, n), URL);
      assertThat(r.isSuccess()).as("first %d bytes", n).isFalse();
      assertThat(r.getError()).as("first %d bytes", n).hasValueSatisfying(e -> assertThat(e)
          .isInstanceOf(IOException.class).hasMessageStartingWith("malformed announce answer from "
              + URL));
    }
  }

  @Test
  void failureReasonWinsOverEverythingElse() {
    TrackerResponse r = AnnounceAnswer.decode(ascii(
        "d14:failure reason16:unregistered \u00e9t8:intervali60e5:peers0:e"), URL);
    assertThat(r.isSuccess()).isFalse();
    assertThat(r.getError()).isEmpty();
    assertThat(r.getErrorMessage()).isEqualTo("unregistered \u00e9t");
  }

  @Test
  void dictionaryModelPeersWithoutNamesToResolve() {
    TrackerResponse r = AnnounceAnswer.decode(ascii("d8:intervali60e5:peersl"
        + "d2:ip9:192.0.2.77:peer id20:-TR3000-abcdefghijkl4:porti6881ee"
        + "d2:ip3:::14:porti80ee"
        + "d2:ip16:tracker.invalid.4:porti1ee"
        + "d2:ip7:1.2.3.44:porti2ee"
        + "ee"), URL);
    assertThat(r.isSuccess()).as("%s", r.getError()).isTrue();
    assertThat(peers(r)).containsExactly("192.0.2.7:6881", "0:0:0:0:0:0:0:1:80", "1.2.3.4:2");
    assertThat(StreamSupport.stream(r.getPeers().spliterator(), false).findFirst().orElseThrow()
        .getPeerId()).hasValueSatisfying(id -> assertThat(new String(id.getBytes(),
            StandardCharsets.US_ASCII)).isEqualTo("-TR3000-abcdefghijkl"));
    assertThat(AnnounceAnswer.literal("300.1.1.1")).isNull();
    assertThat(AnnounceAnswer.literal("1.2.3")).isNull();
    assertThat(AnnounceAnswer.literal("localhost")).isNull();
    assertThat(AnnounceAnswer.literal("fe80::1:zz")).isNull();
  }

  @Test
  void malformedAnswers() {
    assertMalformed("i5e", "not a dictionary");
    assertMalformed("d5:peers0:e", "no \"interval\"");
    assertMalformed("d8:intervali-1e5:peers0:e", "negative \"interval\"");
    assertMalformed("d8:intervali60e5:peers5:12345e", "not divisible by 6");
    assertMalformed("d8:intervali60e6:peers67:abcdefge", "not divisible by 18");
    assertMalformed("d8:intervali60e5:peersi1ee", "neither a string nor a list");
    assertMalformed("d8:intervali60e5:peersld2:ip7:1.2.3.44:porti0eeee", "port 0 out of range");
    assertMalformed("d8:intervali60e5:peers0:e trailing", "");
  }

  @Test
  void hugeDeclaredStringIsRejectedWithoutAllocatingIt() {
    // Bt's BEStringDecoder does "buf = new byte[(int) length]" for any length up to 2^31 - 1
    byte[] answer = ascii("d8:intervali60e5:peers2147483647:abcdef");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    TrackerResponse r = AnnounceAnswer.decode(answer, URL);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(r.getError()).hasValueSatisfying(e -> assertThat(e).hasMessageContaining(
        "byte string of 2147483647 bytes exceeds the limit of 1048576"));
    assertThat(allocated).as("bytes allocated decoding").isLessThan(1 << 20);
    assertMalformed("d8:intervali60e5:peers1048577:", "exceeds the limit of 1048576");
    assertMalformed("d8:intervali60e5:peers99999999999999999999:", "");
  }

  @Test
  void bodyPastTheBoundFailsAndCancels() throws Exception {
    BoundedBodyProbe probe = BoundedBodyProbe.of(10, -1);
    probe.subscriber.onNext(List.of(ByteBuffer.wrap(new byte[6])));
    probe.subscriber.onNext(List.of(ByteBuffer.wrap(new byte[4]), ByteBuffer.wrap(new byte[1])));
    assertThat(probe.cancelled).isTrue();
    assertThat(probe.subscriber.getBody().toCompletableFuture())
        .failsWithin(java.time.Duration.ZERO).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(IOException.class).withMessageContaining("answer exceeds 10 bytes");
    // exactly at the bound is fine
    BoundedBodyProbe atBound = BoundedBodyProbe.of(10, -1);
    atBound.subscriber.onNext(List.of(ByteBuffer.wrap(new byte[10])));
    atBound.subscriber.onComplete();
    assertThat(atBound.body()).hasSize(10);
    // a declared Content-Length past the bound fails before any byte
    BoundedBodyProbe declared = BoundedBodyProbe.of(10, 11);
    assertThat(declared.cancelled).isTrue();
    assertThat(declared.requested).isZero();
    assertThat(declared.subscriber.getBody().toCompletableFuture())
        .failsWithin(java.time.Duration.ZERO).withThrowableOfType(ExecutionException.class)
        .withMessageContaining("answer declares 11 bytes, more than 10");
  }

  private static void assertMalformed(String answer, String message) {
    TrackerResponse r = AnnounceAnswer.decode(ascii(answer), URL);
    assertThat(r.isSuccess()).as(answer).isFalse();
    assertThat(r.getError()).as(answer).hasValueSatisfying(e -> assertThat(e)
        .hasMessageStartingWith("malformed announce answer from " + URL)
        .hasMessageContaining(message));
  }

  static List<String> peers(TrackerResponse r) {
    List<String> out = new ArrayList<>();
    for (Peer p : r.getPeers()) {
      out.add(p.getInetAddress().getHostAddress() + ":" + p.getPort());
    }
    return out;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void ascii(ByteArrayOutputStream b, String s) {
    b.writeBytes(ascii(s));
  }

  /** A BoundedBody subscribed to a subscription that records what it is asked. */
  static final class BoundedBodyProbe {
    final HttpResponse.BodySubscriber<byte[]> subscriber;
    long requested;
    boolean cancelled;

    private BoundedBodyProbe(HttpResponse.BodySubscriber<byte[]> subscriber) {
      this.subscriber = subscriber;
      subscriber.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) {
          requested += n;
        }

        @Override
        public void cancel() {
          cancelled = true;
        }
      });
    }

    static BoundedBodyProbe of(int max, long contentLength) {
      HttpResponse.ResponseInfo info = new HttpResponse.ResponseInfo() {
        @Override
        public int statusCode() {
          return 200;
        }

        @Override
        public java.net.http.HttpHeaders headers() {
          return java.net.http.HttpHeaders.of(contentLength < 0 ? java.util.Map.of()
              : java.util.Map.of("content-length", List.of(Long.toString(contentLength))),
              (k, v) -> true);
        }

        @Override
        public java.net.http.HttpClient.Version version() {
          return java.net.http.HttpClient.Version.HTTP_1_1;
        }
      };
      return new BoundedBodyProbe(BoundedBody.handler(max, "answer").apply(info));
    }

    byte[] body() throws Exception {
      return subscriber.getBody().toCompletableFuture().get();
    }
  }
}
