package dev.sower.rsync.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A hostile hand-written client: the real rsync never sends these bytes. */
final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawClient(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  String readLine() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      b.write(c);
    }
    if (c < 0) {
      throw new IOException("closed before end of line: " + b);
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  byte[] readExactly(int n) throws IOException {
    return in.readNBytes(n);
  }

  void send(byte[] b) throws IOException {
    out.write(b);
    out.flush();
  }

  void send(String s) throws IOException {
    send(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Greets and asks for a module; returns the server's answer line. */
  String open(String module) throws IOException {
    String greeting = readLine();
    if (!greeting.equals("@RSYNCD: 31.0")) {
      throw new IOException("unexpected greeting " + greeting);
    }
    send("@RSYNCD: 31.0\n" + module + "\n");
    return readLine();
  }

  /**
   * Reads until the server closes; returns everything read. Fails if the connection is
   * still open after {@code millis}.
   */
  byte[] readUntilClosed(int millis) throws IOException {
    socket.setSoTimeout(millis);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        b.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("server kept the connection open for " + millis + " ms");
    } catch (IOException e) {
      // reset by the server: closed as well
    }
    return b.toByteArray();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
