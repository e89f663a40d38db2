import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a synthetic metadata export for benchmarking {@code sower select}: JSON lines shaped like
 * the real Danbooru2019 export (every number a JSON string, ~29 tags per image, favs), split into
 * {@code YYYY/NNNNNNNNNNNN.json} files of 100,000 records, ready to be packed with tar and xz.
 * Deterministic for a seed. Metadata only: no image files.
 *
 * <p>Run with the JDK's source launcher: {@code java bench/MetadataGen.java OUT_DIR RECORDS [SEED]}.
 */
public final class MetadataGen {
  private static final int PER_FILE = 100_000;
  private static final int VOCABULARY = 50_000;
  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String[] COMMON = {"1girl", "solo", "long_hair", "highres", "breasts",
      "blush", "short_hair", "smile", "multiple_girls", "open_mouth", "looking_at_viewer"};
  private static final String[] EXTS = {"jpg", "jpg", "jpg", "png", "png", "gif", "webm"};

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: java MetadataGen.java OUT_DIR RECORDS [SEED]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    long records = Long.parseLong(args[1]);
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
    SplittableRandom rnd = new SplittableRandom(seed);
    long start = Instant.parse("2005-05-24T00:00:00Z").getEpochSecond();
    long end = Instant.parse("2019-12-31T23:59:59Z").getEpochSecond();
    long id = 1;
    StringBuilder sb = new StringBuilder(4096);
    for (long file = 0; file * PER_FILE < records; file++) {
      Path target = out.resolve("2019").resolve(String.format("%012d.json", file));
      Files.createDirectories(target.getParent());
      try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(target), 1 << 20)) {
        long n = Math.min(PER_FILE, records - file * PER_FILE);
        for (long i = 0; i < n; i++) {
          id += rnd.nextInt(10) < 7 ? 1 : 1 + rnd.nextInt(5);
          long created = start + (end - start) * (file * PER_FILE + i) / records;
          sb.setLength(0);
          record(sb, rnd, id, created);
          os.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
      }
    }
  }

  private static void record(StringBuilder sb, SplittableRandom rnd, long id, long created) {
    double r = rnd.nextDouble();
    String rating = r < 0.77 ? "s" : r < 0.915 ? "q" : "e";
    int score = (int) Math.floor(Math.exp(rnd.nextDouble() * 5)) - 1;
    sb.append("{\"id\":\"").append(id).append('"');
    str(sb, "created_at", CREATED.format(Instant.ofEpochSecond(created)));
    num(sb, "uploader_id", 1 + rnd.nextInt(400_000));
    num(sb, "score", score);
    str(sb, "source", "https://i.pximg.net/img-original/img/2019/01/01/00/00/00/"
        + rnd.nextInt(80_000_000) + "_p0.jpg");
    str(sb, "md5", hex(rnd));
    str(sb, "last_commented_at", "1970-01-01 00:00:00 UTC");
    str(sb, "rating", rating);
    num(sb, "image_width", 300 + rnd.nextInt(4000));
    num(sb, "image_height", 300 + rnd.nextInt(4000));
    sb.append(",\"is_note_locked\":false");
    str(sb, "file_ext", EXTS[rnd.nextInt(EXTS.length)]);
    str(sb, "last_noted_at", "1970-01-01 00:00:00 UTC");
    sb.append(",\"is_rating_locked\":false");
    num(sb, "parent_id", 0);
    sb.append(",\"has_children\":false");
    num(sb, "approver_id", 0);
    num(sb, "file_size", 20_000 + rnd.nextInt(5_000_000));
    sb.append(",\"is_status_locked\":false");
    num(sb, "up_score", Math.max(0, score));
    num(sb, "down_score", 0);
    sb.append(",\"is_pending\":false,\"is_flagged\":false");
    sb.append(",\"is_deleted\":").append(rnd.nextInt(100) < 3);
    str(sb, "updated_at", CREATED.format(Instant.ofEpochSecond(created + 86_400)));
    sb.append(",\"is_banned\":false");
    num(sb, "pixiv_id", rnd.nextInt(80_000_000));
    sb.append(",\"tags\":[");
    int tags = 10 + rnd.nextInt(40);
    for (int t = 0; t < tags; t++) {
      if (t > 0) {
        sb.append(',');
      }
      int tagId;
      String name;
      if (t < COMMON.length && rnd.nextInt(3) > 0) {
        tagId = t + 1;
        name = COMMON[t];
      } else {
        // Zipf-ish: small IDs are much more frequent.
        tagId = 1 + (int) (VOCABULARY * Math.pow(rnd.nextDouble(), 3));
        name = "tag_" + Integer.toString(tagId, 36) + "_name";
      }
      sb.append("{\"id\":\"").append(tagId).append("\",\"name\":\"").append(name)
          .append("\",\"category\":\"").append(tagId % 5 == 0 ? 4 : 0).append("\"}");
    }
    sb.append("],\"pools\":[],\"favs\":[");
    int favs = rnd.nextInt(20);
    for (int f = 0; f < favs; f++) {
      if (f > 0) {
        sb.append(',');
      }
      sb.append('"').append(1 + rnd.nextInt(500_000)).append('"');
    }
    sb.append("]}\n");
  }

  private static void str(StringBuilder sb, String field, String value) {
    sb.append(",\"").append(field).append("\":\"").append(value).append('"');
  }

  private static void num(StringBuilder sb, String field, long value) {
    sb.append(",\"").append(field).append("\":\"").append(value).append('"');
  }

  private static String hex(SplittableRandom rnd) {
    return String.format("%016x%016x", rnd.nextLong(), rnd.nextLong());
  }
}
