package dev.sower.server.scrape;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The datagrams of a UDP tracker scrape (BEP 15): connect, then scrape; all integers big-endian.
 * Each answer is checked whole: its action, its transaction id and its exact length.
 */
final class UdpTrackerCodec {
  /** BEP 15's magic constant opening a connect request. */
  static final long PROTOCOL_ID = 0x41727101980L;
  /** Most info-hashes per scrape request (BEP 15: about 74 fit a datagram). */
  static final int MAX_HASHES = 74;
  /** Larger than any answer to a request of {@link #MAX_HASHES}. */
  static final int MAX_DATAGRAM = 8 + 12 * MAX_HASHES + 512;

  /** BEP 15 actions. */
  enum Action {
    CONNECT(0), ANNOUNCE(1), SCRAPE(2), ERROR(3);

    final int code;

    Action(int code) {
      this.code = code;
    }
  }

  private UdpTrackerCodec() {}

  static byte[] connectRequest(int transactionId) {
    return ByteBuffer.allocate(16)
        .putLong(PROTOCOL_ID)                 // protocol_id
        .putInt(Action.CONNECT.code)          // action
        .putInt(transactionId)                // transaction_id
        .array();
  }

  /** The connection id of a connect answer. */
  static long connectResponse(byte[] datagram, int transactionId) throws IOException {
    ByteBuffer in = answer(datagram, Action.CONNECT, transactionId, 16);
    return in.getLong();                      // connection_id
  }

  static byte[] scrapeRequest(long connectionId, int transactionId, List<byte[]> infoHashes) {
    if (infoHashes.isEmpty() || infoHashes.size() > MAX_HASHES) {
      throw new IllegalArgumentException("1-" + MAX_HASHES + " info-hashes, not "
          + infoHashes.size());
    }
    ByteBuffer out = ByteBuffer.allocate(16 + 20 * infoHashes.size())
        .putLong(connectionId)                // connection_id
        .putInt(Action.SCRAPE.code)           // action
        .putInt(transactionId);               // transaction_id
    for (byte[] hash : infoHashes) {
      if (hash.length != 20) {
        throw new IllegalArgumentException("info-hash of " + hash.length + " bytes");
      }
      out.put(hash);                          // info_hash
    }
    return out.array();
  }

  /** The counts of a scrape answer, in the order of the request's {@code count} info-hashes. */
  static List<SwarmCounts> scrapeResponse(byte[] datagram, int transactionId,
      int count) throws IOException {
    ByteBuffer in = answer(datagram, Action.SCRAPE, transactionId, 8 + 12 * count);
    List<SwarmCounts> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long seeders = Integer.toUnsignedLong(in.getInt());   // seeders
      long completed = Integer.toUnsignedLong(in.getInt()); // completed
      long leechers = Integer.toUnsignedLong(in.getInt());  // leechers
      out.add(new SwarmCounts((int) Math.min(Integer.MAX_VALUE, seeders),
          (int) Math.min(Integer.MAX_VALUE, leechers), completed));
    }
    return out;
  }

  private static ByteBuffer answer(byte[] datagram, Action expected,
      int transactionId, int expectedLength) throws IOException {
    int length = datagram.length;
    if (length < 8) {
      throw new IOException("UDP tracker answer of " + length + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(datagram);
    int action = in.getInt();
    int tid = in.getInt();
    if (tid != transactionId) {
      throw new IOException("UDP tracker answer for another transaction");
    }
    if (action == Action.ERROR.code) {
      int n = Math.min(length - 8, 200);
      throw new IOException("UDP tracker error: "
          + new String(datagram, 8, n, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?"));
    }
    if (action != expected.code) {
      throw new IOException("UDP tracker answered action " + action + " to " + expected);
    }
    if (length != expectedLength) {
      throw new IOException("UDP tracker " + expected + " answer of " + length
          + " bytes, expected " + expectedLength);
    }
    return in;
  }
}
