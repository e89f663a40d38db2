package dev.sower.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sower.torrent.meta.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every generated torrent is accepted by real clients, and libtorrent rechecks the data at 100%. */
class ClientInteropIT {
  @TempDir static Path tmp;
  static Path ds;
  static Path out;
  static Manifest manifest;

  @BeforeAll
  static void make() throws Exception {
    ds = Datasets.sample(tmp, 600, 5);
    out = tmp.resolve("out");
    MakeOptions o = new MakeOptions(ds, out, null, 10, 0,
        List.of("http://127.0.0.1:9/announce", "http://[::1]:9/announce"),
        List.of("http://127.0.0.1:9/data/"), null, OptionalLong.of(1_700_000_000L), 2);
    manifest = new TorrentMaker(l -> { }, new Progress()).make(o).manifest();
    assertThat(manifest.torrents()).hasSize(21);
  }

  @Test
  void transmissionShowAcceptsEveryTorrent() throws Exception {
    for (Manifest.Torrent t : manifest.torrents()) {
      Procs.Result r = Procs.run(out, 60, List.of("transmission-show", t.file()));
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(r.output()).contains("Name: ds").contains("Hash: " + t.infoHash())
          .contains("Piece Count: " + t.pieces());
    }
  }

  @Test
  void aria2AcceptsEveryTorrent() throws Exception {
    for (Manifest.Torrent t : manifest.torrents()) {
      Procs.Result r = Procs.run(out, 60, List.of("aria2c", "--show-files", t.file()));
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(r.output()).contains("Info Hash: " + t.infoHash())
          .contains("Piece Length: ");
      assertThat(r.output()).contains("|./ds/" + (t.tree().equals("metadata") ? "metadata/"
          : t.tree() + "/"));
    }
  }

  @Test
  void tarAndXzReadTheArchives() throws Exception {
    Procs.Result tar = Procs.run(out, 60, List.of("tar", "-tvJf", "torrents.tar.xz"));
    assertThat(tar.exit()).as(tar.output()).isZero();
    String[] lines = tar.output().strip().split("\n");
    assertThat(lines).hasSize(manifest.torrents().size());
    for (String line : lines) {
      assertThat(line).startsWith("-rw-r--r-- 0/0").endsWith(".torrent")
          .contains("2023-11-14"); // --creation-date 1700000000
    }
    Procs.Result list = Procs.run(out, 60, List.of("sh", "-c", "xz -dc filelist.txt.xz | wc -l"));
    assertThat(list.output().strip()).isEqualTo(Long.toString(manifest.scan().files()));
  }

  @Test
  void readsTorrentsMadeByMktorrent() throws Exception {
    Procs.Result mk = Procs.run(tmp, 120, List.of("mktorrent", "-l", "16", "-o",
        tmp.resolve("mk.torrent").toString(), ds.resolve("metadata").toString()));
    assertThat(mk.exit()).as(mk.output()).isZero();
    Procs.Result show = Procs.run(tmp, 60, List.of("transmission-show", "mk.torrent"));
    dev.sower.torrent.meta.TorrentFile t =
        dev.sower.torrent.meta.TorrentFile.read(tmp.resolve("mk.torrent"));
    assertThat(show.output()).contains("Hash: " + t.infoHashHex());
    assertThat(t.pieceLength()).isEqualTo(65536);
    assertThat(t.files()).extracting(e -> new String(e.path(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("metadata.json.tar.xz");
  }

  @Test
  void libtorrentLoadsEveryTorrentAndRechecksTheDatasetAtFullProgress() throws Exception {
    Path scratch = tmp.resolve("scratch");
    Procs.linkCopy(ds, scratch.resolve("ds"));
    Path script = Procs.script(tmp, "lt_recheck.py");
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString(),
        scratch.toString()));
    for (Manifest.Torrent t : manifest.torrents()) {
      cmd.add(out.resolve(t.file()).toString());
    }
    Procs.Result r = Procs.run(tmp, 240, cmd);
    assertThat(r.exit()).as(r.output()).isZero();
    Map<String, JsonNode> seen = new HashMap<>();
    for (String line : r.output().split("\n")) {
      if (line.startsWith("{")) {
        JsonNode n = new ObjectMapper().readTree(line);
        seen.put(n.get("torrent").asText(), n);
      }
    }
    int renamed = 0;
    for (Manifest.Torrent t : manifest.torrents()) {
      JsonNode n = seen.get(t.file());
      assertThat(n).as(t.file() + " in " + r.output()).isNotNull();
      assertThat(n.get("info_hash").asText()).isEqualTo(t.infoHash());
      assertThat(n.get("files").asInt()).isEqualTo(t.files());
      assertThat(n.get("pieces").asInt()).isEqualTo(t.pieces());
      assertThat(n.get("total_wanted").asLong()).isEqualTo(t.payloadBytes());
      assertThat(n.get("total_wanted_done").asLong()).as(t.name() + " recheck")
          .isEqualTo(t.payloadBytes());
      renamed += n.get("renamed").asInt();
    }
    // the sample's one file name that is not UTF-8: libtorrent stores it under a sanitized name
    assertThat(renamed).isEqualTo(1);
  }
}
