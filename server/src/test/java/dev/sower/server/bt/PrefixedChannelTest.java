package dev.sower.server.bt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PrefixedChannelTest {
  private static final byte[] PREFIX = {(byte) 0x90, (byte) 0xcf};
  private static final byte[] REST = "rest of the stream".getBytes(StandardCharsets.US_ASCII);

  @Test
  void readsThePrefixThenTheChannelWhole() throws Exception {
    assertThat(readAll(64)).isEqualTo(expected());
  }

  @Test
  void readsThePrefixThenTheChannelOneByteAtATime() throws Exception {
    assertThat(readAll(1)).isEqualTo(expected());
  }

  @Test
  void writesGoToTheChannel() throws Exception {
    Pipe pipe = Pipe.open();
    var channel = new PrefixedChannel(ByteBuffer.allocate(0), new PipeChannel(pipe));
    assertThat(channel.write(ByteBuffer.wrap(REST))).isEqualTo(REST.length);
    ByteBuffer got = ByteBuffer.allocate(REST.length);
    while (got.hasRemaining()) {
      pipe.source().read(got);
    }
    assertThat(got.array()).isEqualTo(REST);
    channel.close();
    assertThat(channel.isOpen()).isFalse();
  }

  private static byte[] expected() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(PREFIX);
    all.writeBytes(REST);
    return all.toByteArray();
  }

  /** Reads the prefixed channel to its end in reads of at most {@code chunk} bytes. */
  private static byte[] readAll(int chunk) throws Exception {
    Pipe pipe = Pipe.open();
    try (var sink = Channels.newOutputStream(pipe.sink())) {
      sink.write(REST);
    }
    var channel = new PrefixedChannel(ByteBuffer.wrap(PREFIX), new PipeChannel(pipe));
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(chunk);
    int n;
    while ((n = channel.read(buffer.clear())) >= 0) {
      assertThat(n).isBetween(1, chunk);
      got.write(buffer.array(), 0, n);
    }
    return got.toByteArray();
  }

  /** A pipe's two ends as one blocking byte channel. */
  private record PipeChannel(Pipe pipe) implements java.nio.channels.ByteChannel {
    @Override
    public int read(ByteBuffer dst) throws java.io.IOException {
      return pipe.source().read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws java.io.IOException {
      return pipe.sink().write(src);
    }

    @Override
    public boolean isOpen() {
      return pipe.source().isOpen();
    }

    @Override
    public void close() throws java.io.IOException {
      pipe.source().close();
      pipe.sink().close();
    }
  }
}
