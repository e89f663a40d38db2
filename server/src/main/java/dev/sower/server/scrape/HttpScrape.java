package dev.sower.server.scrape;

import dev.sower.torrent.bencode.BBytes;
import dev.sower.torrent.bencode.BDict;
import dev.sower.torrent.bencode.BValue;
import dev.sower.torrent.bencode.Bencode;
import dev.sower.torrent.bencode.BencodeException;
import dev.sower.torrent.bencode.BencodeLimits;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * HTTP scrape ({@code GET /scrape?info_hash=...&info_hash=...}), {@value #BATCH} torrents per
 * request; the answer is bounded to {@value #MAX_RESPONSE} bytes before it is decoded.
 */
final class HttpScrape implements TrackerScrape {
  static final int BATCH = 50;
  static final int MAX_RESPONSE = 1 << 20;
  private static final BencodeLimits LIMITS = new BencodeLimits(8, 100_000, MAX_RESPONSE);
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

  private final String scrapeUrl;

  HttpScrape(String scrapeUrl) {
    this.scrapeUrl = scrapeUrl;
  }

  /**
   * The scrape URL of an HTTP announce URL by the usual convention: the last path segment's
   * leading {@code announce} becomes {@code scrape}; null when the segment does not start so.
   */
  static String scrapeUrl(String announceUrl) {
    int query = announceUrl.indexOf('?');
    String path = query < 0 ? announceUrl : announceUrl.substring(0, query);
    int slash = path.lastIndexOf('/');
    if (slash < 0 || !path.startsWith("announce", slash + 1)) {
      return null;
    }
    return announceUrl.substring(0, slash + 1) + "scrape"
        + announceUrl.substring(slash + 1 + "announce".length());
  }

  @Override
  public Map<String, SwarmCounts> scrape(List<String> infoHashes) throws IOException {
    Map<String, SwarmCounts> out = new HashMap<>();
    for (int i = 0; i < infoHashes.size(); i += BATCH) {
      out.putAll(scrapeBatch(infoHashes.subList(i, Math.min(infoHashes.size(), i + BATCH))));
    }
    return out;
  }

  private Map<String, SwarmCounts> scrapeBatch(List<String> infoHashes) throws IOException {
    StringBuilder url = new StringBuilder(scrapeUrl);
    char sep = scrapeUrl.contains("?") ? '&' : '?';
    for (String hex : infoHashes) {
      url.append(sep).append("info_hash=").append(percent(HexFormat.of().parseHex(hex)));
      sep = '&';
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(url.toString()))
        .timeout(Duration.ofSeconds(10)).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    try (InputStream body = response.body()) {
      byte[] bytes = body.readNBytes(MAX_RESPONSE + 1);
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode() + " from " + scrapeUrl);
      }
      if (bytes.length > MAX_RESPONSE) {
        throw new IOException("scrape answer of " + scrapeUrl + " exceeds " + MAX_RESPONSE
            + " bytes");
      }
      return parse(bytes);
    }
  }

  /** The files dictionary of a bencoded scrape answer, by lower-case hex info-hash. */
  static Map<String, SwarmCounts> parse(byte[] answer) throws IOException {
    try {
      BValue value = Bencode.decode(answer, LIMITS);
      if (!(value instanceof BDict dict)) {
        throw new IOException("scrape answer is not a dictionary");
      }
      if (dict.has("failure reason")) {
        throw new IOException("tracker refused the scrape: "
            + new String(dict.bytes("failure reason"), java.nio.charset.StandardCharsets.UTF_8));
      }
      Map<String, SwarmCounts> out = new HashMap<>();
      if (!dict.has("files")) {
        return out;
      }
      for (Map.Entry<BBytes, BValue> e : dict.dict("files").entries().entrySet()) {
        if (e.getKey().bytes().length != 20 || !(e.getValue() instanceof BDict f)) {
          continue;
        }
        out.put(HexFormat.of().formatHex(e.getKey().bytes()), new SwarmCounts(
            count(f, "complete"), count(f, "incomplete"),
            f.has("downloaded") ? Math.max(0, f.integer("downloaded")) : 0));
      }
      return out;
    } catch (BencodeException | IllegalArgumentException | ClassCastException e) {
      throw new IOException("malformed scrape answer: " + e.getMessage(), e);
    }
  }

  private static int count(BDict file, String key) {
    return file.has(key) ? (int) Math.max(0, Math.min(Integer.MAX_VALUE, file.integer(key))) : 0;
  }

  private static String percent(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      sb.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
    }
    return sb.toString();
  }
}
