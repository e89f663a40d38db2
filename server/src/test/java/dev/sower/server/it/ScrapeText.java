package dev.sower.server.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/** A Prometheus text scrape and reads of single samples from it, for tests. */
public record ScrapeText(String text) {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  public static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  public static ScrapeText of(String url) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = get(url);
    if (r.statusCode() != 200) {
      throw new AssertionError(url + " answered " + r.statusCode());
    }
    return new ScrapeText(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * The value of the one sample of {@code family} whose labels include every
   * {@code label="value"} given; NaN when there is none.
   */
  public double value(String family, String... labels) {
    double found = Double.NaN;
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || !(line.startsWith(family + "{") || line.startsWith(family + " "))) {
        continue;
      }
      int end = line.lastIndexOf(' ');
      String series = line.substring(0, end);
      if (Arrays.stream(labels).allMatch(l -> series.contains(l))) {
        if (!Double.isNaN(found)) {
          throw new AssertionError("several samples of " + family + " match "
              + Arrays.toString(labels) + " in:\n" + text);
        }
        found = Double.parseDouble(line.substring(end + 1));
      }
    }
    return found;
  }

  /** The sum over every sample of {@code family} with all the given labels. */
  public double sum(String family, String... labels) {
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith(family + "{") || line.startsWith(family + " ")) {
        int end = line.lastIndexOf(' ');
        String series = line.substring(0, end);
        if (Arrays.stream(labels).allMatch(series::contains)) {
          sum += Double.parseDouble(line.substring(end + 1));
        }
      }
    }
    return sum;
  }
}
