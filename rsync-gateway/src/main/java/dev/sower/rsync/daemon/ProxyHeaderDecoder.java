package dev.sower.rsync.daemon;

import dev.sower.rsync.wire.ProtocolException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads a HAProxy PROXY protocol header (v1 text, at most 107 bytes; v2 binary) and yields
 * the original client address. Consumes nothing until the header is complete. A v2 LOCAL
 * command or "PROXY UNKNOWN" keeps the connection's own address (empty result).
 */
public final class ProxyHeaderDecoder {
  private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51,
      0x55, 0x49, 0x54, 0x0A};
  private static final int V1_MAX = 107;
  private static final int V2_MAX_BODY = 4096;

  /** The decoded header: present when it named a source address. */
  public record Result(Optional<InetSocketAddress> source) {}

  /** The header, or null when more bytes are needed. */
  public Result decode(ByteBuffer in) throws ProtocolException {
    int p = in.position();
    int n = in.remaining();
    if (n == 0) {
      return null;
    }
    if (in.get(p) == 'P') {
      return decodeV1(in);
    }
    if (in.get(p) == 0x0D) {
      return decodeV2(in);
    }
    throw new ProtocolException("expected a PROXY protocol header");
  }

  private Result decodeV1(ByteBuffer in) throws ProtocolException {
    int p = in.position();
    int end = -1;
    for (int i = 0; i < Math.min(in.remaining(), V1_MAX); i++) {
      if (in.get(p + i) == '\n') {
        end = i;
        break;
      }
    }
    if (end < 0) {
      if (in.remaining() >= V1_MAX) {
        throw new ProtocolException("PROXY v1 header longer than " + V1_MAX + " bytes");
      }
      return null;
    }
    byte[] line = new byte[end + 1];
    in.get(line);
    String s = new String(line, StandardCharsets.US_ASCII).trim();
    String[] f = s.split(" ");
    if (!f[0].equals("PROXY") || f.length < 2) {
      throw new ProtocolException("malformed PROXY v1 header");
    }
    if (f[1].equals("UNKNOWN")) {
      return new Result(Optional.empty());
    }
    if (f.length != 6 || !(f[1].equals("TCP4") || f[1].equals("TCP6"))) {
      throw new ProtocolException("malformed PROXY v1 header");
    }
    try {
      if (!f[2].chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
        throw new ProtocolException("malformed PROXY v1 source address");
      }
      InetAddress a = InetAddress.getByName(f[2]);
      int port = Integer.parseInt(f[4]);
      if (port < 0 || port > 65535) {
        throw new ProtocolException("malformed PROXY v1 source port");
      }
      return new Result(Optional.of(new InetSocketAddress(a, port)));
    } catch (UnknownHostException | NumberFormatException e) {
      throw new ProtocolException("malformed PROXY v1 header");
    }
  }

  private Result decodeV2(ByteBuffer in) throws ProtocolException {
    int p = in.position();
    if (in.remaining() < 16) {
      for (int i = 0; i < Math.min(12, in.remaining()); i++) {
        if (in.get(p + i) != V2_SIGNATURE[i]) {
          throw new ProtocolException("expected a PROXY protocol header");
        }
      }
      return null;
    }
    for (int i = 0; i < 12; i++) {
      if (in.get(p + i) != V2_SIGNATURE[i]) {
        throw new ProtocolException("bad PROXY v2 signature");
      }
    }
    int verCmd = in.get(p + 12) & 0xFF;
    int fam = in.get(p + 13) & 0xFF;
    int len = ((in.get(p + 14) & 0xFF) << 8) | (in.get(p + 15) & 0xFF);
    if ((verCmd >> 4) != 2) {
      throw new ProtocolException("unsupported PROXY protocol version " + (verCmd >> 4));
    }
    if (len > V2_MAX_BODY) {
      throw new ProtocolException("PROXY v2 header body too long: " + len);
    }
    if (in.remaining() < 16 + len) {
      return null;
    }
    byte[] body = new byte[len];
    in.position(p + 16);
    in.get(body);
    int cmd = verCmd & 0x0F;
    if (cmd == 0) {
      return new Result(Optional.empty());
    }
    if (cmd != 1) {
      throw new ProtocolException("unsupported PROXY v2 command " + cmd);
    }
    try {
      switch (fam >> 4) {
        case 1 -> {
          if (len < 12) {
            throw new ProtocolException("short PROXY v2 IPv4 addresses");
          }
          byte[] a = java.util.Arrays.copyOfRange(body, 0, 4);
          int port = ((body[8] & 0xFF) << 8) | (body[9] & 0xFF);
          return new Result(Optional.of(new InetSocketAddress(InetAddress.getByAddress(a),
              port)));
        }
        case 2 -> {
          if (len < 36) {
            throw new ProtocolException("short PROXY v2 IPv6 addresses");
          }
          byte[] a = java.util.Arrays.copyOfRange(body, 0, 16);
          int port = ((body[32] & 0xFF) << 8) | (body[33] & 0xFF);
          return new Result(Optional.of(new InetSocketAddress(InetAddress.getByAddress(a),
              port)));
        }
        default -> {
          return new Result(Optional.empty());
        }
      }
    } catch (UnknownHostException e) {
      throw new ProtocolException("bad PROXY v2 address");
    }
  }
}
