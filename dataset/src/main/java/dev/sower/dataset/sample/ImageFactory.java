package dev.sower.dataset.sample;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Renders small but real JPEG, PNG and GIF images with ImageIO: a gradient, a few shapes and an
 * amount of noise that sets how well the image compresses. The same inputs give the same bytes.
 */
final class ImageFactory {
  /** Longest side of the downscaled subset. */
  static final int SUBSET_SIDE = 512;

  private ImageFactory() {}

  /** The pixels of one image; {@code detail} in [0, 1] is the noise amplitude. */
  static BufferedImage draw(long seed, int width, int height, double detail) {
    SplittableRandom rnd = new SplittableRandom(seed);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int c0 = rnd.nextInt(0x1000000);
    int c1 = rnd.nextInt(0x1000000);
    int[] row = new int[width];
    int amp = (int) Math.round(detail * 96);
    for (int y = 0; y < height; y++) {
      double t = height == 1 ? 0 : (double) y / (height - 1);
      int base = mix(c0, c1, t);
      for (int x = 0; x < width; x++) {
        row[x] = amp == 0 ? base : noisy(base, rnd, amp);
      }
      img.setRGB(0, y, width, 1, row, 0, width);
    }
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
      int shapes = 1 + rnd.nextInt(5);
      for (int i = 0; i < shapes; i++) {
        g.setColor(new Color(rnd.nextInt(0x1000000)));
        int w = 1 + rnd.nextInt(Math.max(1, width / 2));
        int h = 1 + rnd.nextInt(Math.max(1, height / 2));
        int x = rnd.nextInt(Math.max(1, width));
        int y = rnd.nextInt(Math.max(1, height));
        if (rnd.nextBoolean()) {
          g.fillOval(x - w / 2, y - h / 2, w, h);
        } else {
          g.fillRect(x - w / 2, y - h / 2, w, h);
        }
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  /** Encodes {@code img} as jpg (at {@code quality} percent), png or gif. */
  static byte[] encode(BufferedImage img, String format, int quality) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(img.getWidth() * img.getHeight() + 1024);
      if ("jpg".equals(format)) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
          writer.setOutput(out);
          ImageWriteParam param = writer.getDefaultWriteParam();
          param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
          param.setCompressionQuality(quality / 100f);
          writer.write(null, new IIOImage(img, null, null), param);
        } finally {
          writer.dispose();
        }
      } else if (!ImageIO.write(img, format, bytes)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The image scaled so its longest side is at most {@link #SUBSET_SIDE}, as JPEG. */
  static byte[] subset(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    double scale = Math.min(1.0, (double) SUBSET_SIDE / Math.max(w, h));
    BufferedImage out = img;
    if (scale < 1.0) {
      int sw = Math.max(1, (int) Math.round(w * scale));
      int sh = Math.max(1, (int) Math.round(h * scale));
      out = new BufferedImage(sw, sh, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = out.createGraphics();
      try {
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, sw, sh, null);
      } finally {
        g.dispose();
      }
    }
    return encode(out, "jpg", 85);
  }

  private static int mix(int a, int b, double t) {
    int r = (int) (((a >> 16) & 0xff) * (1 - t) + ((b >> 16) & 0xff) * t);
    int g = (int) (((a >> 8) & 0xff) * (1 - t) + ((b >> 8) & 0xff) * t);
    int bl = (int) ((a & 0xff) * (1 - t) + (b & 0xff) * t);
    return (r << 16) | (g << 8) | bl;
  }

  private static int noisy(int rgb, SplittableRandom rnd, int amp) {
    int r = clamp(((rgb >> 16) & 0xff) + rnd.nextInt(2 * amp + 1) - amp);
    int g = clamp(((rgb >> 8) & 0xff) + rnd.nextInt(2 * amp + 1) - amp);
    int b = clamp((rgb & 0xff) + rnd.nextInt(2 * amp + 1) - amp);
    return (r << 16) | (g << 8) | b;
  }

  private static int clamp(int v) {
    return v < 0 ? 0 : (v > 255 ? 255 : v);
  }
}
