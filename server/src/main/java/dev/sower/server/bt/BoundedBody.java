package dev.sower.server.bt;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An HTTP response body collected into one array of at most {@code max} bytes: a declared
 * Content-Length above it fails before any byte is read, and a body that grows past it fails
 * (and cancels the download) as soon as it does, so a tracker can never make us hold more.
 * Fails with an {@link IOException} naming {@code what}.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
  private final int max;
  private final String what;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private byte[] bytes = new byte[0];
  private int length;
  private final IOException refused;
  private Flow.Subscription subscription;

  private BoundedBody(int max, String what, IOException refused) {
    this.max = max;
    this.what = what;
    this.refused = refused;
  }

  /** A handler reading each body through a {@code BoundedBody}. */
  static HttpResponse.BodyHandler<byte[]> handler(int max, String what) {
    return info -> {
      OptionalLong declared = info.headers().firstValueAsLong("content-length");
      boolean tooLong = declared.isPresent() && declared.getAsLong() > max;
      return new BoundedBody(max, what, tooLong ? new IOException(what + " declares "
          + declared.getAsLong() + " bytes, more than " + max) : null);
    };
  }

  private static IOException tooLarge(String what, int max) {
    return new IOException(what + " exceeds " + max + " bytes");
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (refused != null) {
      subscription.cancel();
      result.completeExceptionally(refused);
    } else {
      subscription.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : buffers) {
      if (b.remaining() > max - length) {
        subscription.cancel();
        result.completeExceptionally(tooLarge(what, max));
        return;
      }
      if (length + b.remaining() > bytes.length) {
        // grow by doubling, never past the bound
        long wanted = Math.max(1024, Math.max(length + b.remaining(), 2L * bytes.length));
        bytes = Arrays.copyOf(bytes, (int) Math.min(max, wanted));
      }
      int n = b.remaining();
      b.get(bytes, length, n);
      length += n;
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(Arrays.copyOf(bytes, length));
  }
}
