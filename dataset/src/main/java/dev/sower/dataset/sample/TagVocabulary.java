package dev.sower.dataset.sample;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** A fixed tag vocabulary with a Zipf-like popularity, like a booru's. */
final class TagVocabulary {
  private static final String[] GENERAL = {
    "1girl", "solo", "long_hair", "highres", "breasts", "blush", "smile", "looking_at_viewer",
    "short_hair", "open_mouth", "multiple_girls", "blue_eyes", "blonde_hair", "brown_hair", "skirt",
    "hat", "thighhighs", "black_hair", "red_eyes", "simple_background", "white_background",
    "gloves", "dress", "bow", "ribbon", "hair_ornament", "twintails", "weapon", "school_uniform",
    "long_sleeves", "transparent_background", "lineart", "monochrome", "greyscale", "comic",
    "sky", "cloud", "tree", "flower", "water"
  };
  private static final String[] COPYRIGHT = {
    "touhou", "original", "kantai_collection", "fate_(series)", "idolmaster", "vocaloid"
  };
  private static final String[] CHARACTER = {
    "hakurei_reimu", "kirisame_marisa", "hatsune_miku", "izayoi_sakuya", "remilia_scarlet"
  };
  private static final int SYNTHETIC = 400;

  private final List<Tag> tags = new ArrayList<>();
  private final double[] cumulative;

  TagVocabulary() {
    int id = 1;
    for (String n : GENERAL) {
      tags.add(new Tag(id++, n, 0));
    }
    for (String n : COPYRIGHT) {
      tags.add(new Tag(id++, n, 3));
    }
    for (String n : CHARACTER) {
      tags.add(new Tag(id++, n, 4));
    }
    for (int i = 0; i < SYNTHETIC; i++) {
      int category = i % 10 == 0 ? 1 : (i % 17 == 0 ? 5 : 0);
      String prefix = category == 1 ? "artist_" : (category == 5 ? "meta_" : "tag_");
      tags.add(new Tag(id++, prefix + String.format("%04d", i), category));
    }
    cumulative = new double[tags.size()];
    double sum = 0;
    for (int i = 0; i < tags.size(); i++) {
      sum += 1.0 / Math.pow(i + 1, 0.9);
      cumulative[i] = sum;
    }
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] /= sum;
    }
  }

  /** About {@code mean} distinct tags drawn by popularity, in vocabulary order. */
  List<Tag> draw(SplittableRandom rnd, int mean) {
    int count = 1 + rnd.nextInt(Math.max(1, 2 * mean - 1));
    Set<Integer> picked = new LinkedHashSet<>();
    for (int i = 0; i < count * 2 && picked.size() < count; i++) {
      double u = rnd.nextDouble();
      int lo = 0;
      int hi = cumulative.length - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cumulative[mid] < u) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      picked.add(lo);
    }
    return picked.stream().sorted().map(tags::get).toList();
  }
}
