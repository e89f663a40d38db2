package dev.sower.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sower.cli.SowerCli;
import dev.sower.dataset.sample.SampleGenerator;
import dev.sower.dataset.sample.SampleOptions;
import dev.sower.torrent.meta.Manifest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** A generated sample dataset and the release {@code sower make} wrote for it. */
record MadeSample(Path dataset, Path release, Manifest manifest) {
  /** Generates {@code images} images under {@code tmp/ds} and makes {@code torrents} torrents. */
  static MadeSample make(Path tmp, int images, int torrents, String announceUrl)
      throws Exception {
    Path data = tmp.resolve("ds");
    new SampleGenerator(s -> { }).generate(new SampleOptions(data, images, 11, 2026, 8));
    Path release = tmp.resolve("release");
    StringWriter makeOut = new StringWriter();
    assertThat(SowerCli.run(new PrintWriter(makeOut), "make", "--dataset", data.toString(),
        "--out", release.toString(), "--torrents", "" + torrents, "--announce", announceUrl))
        .as(makeOut.toString()).isZero();
    return new MadeSample(data, release, Manifest.read(release.resolve(Manifest.FILE)));
  }
}
