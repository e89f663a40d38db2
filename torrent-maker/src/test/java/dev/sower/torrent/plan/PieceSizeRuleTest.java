package dev.sower.torrent.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PieceSizeRuleTest {
  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;
  private static final long GIB = 1024 * MIB;

  @Test
  void smallestPowerOfTwoWithAtMost200kPieces() {
    assertThat(PieceSizeRule.auto(100 * MIB, 0)).isEqualTo(16 * KIB); // 6400 pieces
    assertThat(PieceSizeRule.auto(3125 * MIB, 0)).isEqualTo(16 * KIB); // exactly 200k pieces
    assertThat(PieceSizeRule.auto(3125 * MIB + 1, 0)).isEqualTo(32 * KIB);
    // a tenth of the reference case's originals: 300 GB -> 2 MiB (143k pieces)
    assertThat(PieceSizeRule.auto(300L * 1000 * 1000 * 1000, 0)).isEqualTo(2 * MIB);
  }

  @Test
  void largerPiecesOnlyWhenThatBringsTheTorrentWithinTenMegabytes() {
    // 50 GiB at 256 KiB = 204800 pieces > 200k -> 512 KiB, 102400 pieces = 2 MB of hashes;
    // with a 7.5 MB file list the torrent is 9.5 MB: fits
    assertThat(PieceSizeRule.auto(50 * GIB, 7_500_000)).isEqualTo(512 * KIB);
    // with a 8.5 MB file list it does not fit; 1 MiB pieces (1 MB of hashes) make it fit
    assertThat(PieceSizeRule.auto(50 * GIB, 8_500_000)).isEqualTo(1 * MIB);
    // a 20 MB file list never fits: stay at the smallest size
    assertThat(PieceSizeRule.auto(50 * GIB, 20_000_000)).isEqualTo(512 * KIB);
  }

  @Test
  void parsesSizes() {
    assertThat(PieceSizeRule.parse("auto")).isZero();
    assertThat(PieceSizeRule.parse("256K")).isEqualTo(256 * KIB);
    assertThat(PieceSizeRule.parse("4MiB")).isEqualTo(4 * MIB);
    assertThat(PieceSizeRule.parse("16384")).isEqualTo(16 * KIB);
    assertThatThrownBy(() -> PieceSizeRule.parse("3000")).hasMessageContaining("power of two");
    assertThatThrownBy(() -> PieceSizeRule.parse("8K")).hasMessageContaining("power of two");
    assertThatThrownBy(() -> PieceSizeRule.parse("big")).hasMessageContaining("auto or a size");
  }
}
