package dev.sower.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sower.dataset.sample.SampleGenerator;
import dev.sower.dataset.sample.SampleOptions;
import dev.sower.dataset.sample.UpdateSummary;
import dev.sower.torrent.meta.Manifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The yearly update: a client holding release 1 rechecks it against release 2's torrents and must
 * want little more than the bytes that are truly new.
 */
class UpdateIT {
  @TempDir Path tmp;

  @Test
  void clientsReDownloadLittleMoreThanTheNewBytes() throws Exception {
    SampleGenerator gen = new SampleGenerator(l -> { });
    Path r1 = tmp.resolve("r1/ds");
    gen.generate(new SampleOptions(r1, 3000, 21, 2025, 12));
    Path r2 = tmp.resolve("r2/ds");
    UpdateSummary summary = gen.update(r1, r2, 22);

    TorrentMaker maker = new TorrentMaker(l -> { }, new Progress());
    maker.make(MakeOptions.of(r1, tmp.resolve("out1")));
    MakeResult made = maker.make(MakeOptions.of(r2, tmp.resolve("out2"))
        .withPrevious(tmp.resolve("out1")));
    Manifest m = made.manifest();
    assertThat(m.torrents()).allMatch(t -> t.pieceLength() == 16384); // auto at this size

    // changes.json and removed.txt say what the generator did
    JsonNode changes = new ObjectMapper().readTree(tmp.resolve("out2/changes.json").toFile());
    assertThat(strings(changes.get("added"))).isEqualTo(sorted(summary.added()));
    assertThat(strings(changes.get("removed"))).isEqualTo(sorted(summary.removed()));
    assertThat(strings(changes.get("modified"))).isEqualTo(sorted(summary.modified()));
    String removedTxt = Files.readString(tmp.resolve("out2/removed.txt"), StandardCharsets.UTF_8);
    assertThat(removedTxt.isEmpty() ? List.<String>of() : List.of(removedTxt.split("\n")))
        .isEqualTo(sorted(summary.removed()));
    assertThat(m.previous().added()).isEqualTo(summary.added().size());

    // bytes truly new: files of release 2 whose bytes release 1 does not hold at that path
    long trulyNew = 0;
    for (String p : summary.added()) {
      trulyNew += Files.size(r2.resolve(p));
    }
    for (String p : summary.modified()) {
      trulyNew += Files.size(r2.resolve(p));
    }
    assertThat(trulyNew).isEqualTo(summary.addedBytes() + modifiedBytes(r2, summary));

    // libtorrent rechecks release 1's data against release 2's torrents
    Path scratch = tmp.resolve("client");
    Procs.linkCopy(r1, scratch.resolve("ds"));
    Path script = Procs.script(tmp, "lt_recheck.py");
    checkWanted(scratch, script, tmp.resolve("out2"), m, trulyNew, summary.reencodedImages());
    // larger pieces, as in the table
    for (String size : List.of("256K", "1M")) {
      long pl = dev.sower.torrent.plan.PieceSizeRule.parse(size);
      maker.make(MakeOptions.of(r1, tmp.resolve("out1-" + size)).withPieceLength(pl));
      Manifest mp = maker.make(MakeOptions.of(r2, tmp.resolve("out2-" + size)).withPieceLength(pl)
          .withPrevious(tmp.resolve("out1-" + size))).manifest();
      checkWanted(scratch, script, tmp.resolve("out2-" + size), mp, trulyNew,
          summary.reencodedImages());
    }
  }

  private void checkWanted(Path scratch, Path script, Path out, Manifest m, long trulyNew,
      int reencoded) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString(),
        scratch.toString()));
    for (Manifest.Torrent t : m.torrents()) {
      cmd.add(out.resolve(t.file()).toString());
    }
    Procs.Result r = Procs.run(tmp, 240, cmd);
    assertThat(r.exit()).as(r.output()).isZero();
    long wanted = 0;
    int seen = 0;
    for (String line : r.output().split("\n")) {
      if (line.startsWith("{")) {
        JsonNode n = new ObjectMapper().readTree(line);
        wanted += n.get("total_wanted").asLong() - n.get("total_wanted_done").asLong();
        seen++;
      }
    }
    assertThat(seen).isEqualTo(m.torrents().size());
    long slack = 0;
    long maxPiece = 0;
    for (Manifest.Torrent t : m.torrents()) {
      slack += t.pieceLength();
      maxPiece = Math.max(maxPiece, t.pieceLength());
    }
    slack += 2L * reencoded * maxPiece;
    System.out.printf(Locale.ROOT, "update at %d-byte pieces: %d torrents, truly new %d bytes,"
        + " libtorrent wants %d bytes, ratio %.3f (bound: new + %d)%n", maxPiece,
        m.torrents().size(), trulyNew, wanted, (double) wanted / trulyNew, slack);
    assertThat(wanted).isGreaterThanOrEqualTo(trulyNew);
    assertThat(wanted).isLessThanOrEqualTo(trulyNew + slack);
  }

  private static long modifiedBytes(Path r2, UpdateSummary s) throws Exception {
    long n = 0;
    for (String p : s.modified()) {
      n += Files.size(r2.resolve(p));
    }
    return n;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> sorted(List<String> paths) {
    List<String> out = new ArrayList<>(paths);
    out.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8)));
    return out;
  }
}
