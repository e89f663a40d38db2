package dev.sower.server.bt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bt.metainfo.TorrentId;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VerifiedPieceCacheTest {
  private static final TorrentId A = TorrentId.fromBytes(filled(1));
  private static final TorrentId B = TorrentId.fromBytes(filled(2));

  private static byte[] filled(int b) {
    byte[] id = new byte[20];
    Arrays.fill(id, (byte) b);
    return id;
  }

  @Test
  void servesBlocksOfAHeldPieceAndLetsItGoOnceEveryByteWasHandedOut() {
    VerifiedPieceCache cache = new VerifiedPieceCache(1000);
    byte[] piece = new byte[100];
    cache.put(A, 3, piece);
    assertThat(cache.heldBytes()).isEqualTo(100);
    assertThat(cache.block(A, 3, 0, 40)).isSameAs(piece);
    assertThat(cache.block(B, 3, 0, 40)).as("other torrent").isNull();
    assertThat(cache.block(A, 4, 0, 40)).as("other piece").isNull();
    assertThat(cache.block(A, 3, 40, 40)).isSameAs(piece);
    assertThat(cache.heldBytes()).isEqualTo(100);
    assertThat(cache.block(A, 3, 80, 20)).isSameAs(piece);
    assertThat(cache.heldBytes()).isZero();
    assertThat(cache.block(A, 3, 0, 40)).as("left after the last byte").isNull();
    assertThat(cache.hits()).isEqualTo(3);
    assertThat(cache.misses()).isEqualTo(3);
  }

  @Test
  void blocksOutsideThePieceAreNotServedFromIt() {
    VerifiedPieceCache cache = new VerifiedPieceCache(1000);
    cache.put(A, 0, new byte[100]);
    assertThat(cache.block(A, 0, 90, 20)).isNull();
    assertThat(cache.block(A, 0, -1, 10)).isNull();
    assertThat(cache.block(A, 0, 10, -1)).isNull();
    assertThat(cache.block(A, 0, Integer.MAX_VALUE, 10)).isNull();
    assertThat(cache.heldBytes()).isEqualTo(100);
  }

  @Test
  void holdsAtMostItsBoundDroppingTheLeastRecentlyUsedPiece() {
    VerifiedPieceCache cache = new VerifiedPieceCache(300);
    cache.put(A, 0, new byte[100]);
    cache.put(A, 1, new byte[100]);
    cache.put(A, 2, new byte[100]);
    assertThat(cache.block(A, 0, 0, 10)).isNotNull(); // 0 is now the most recently used
    cache.put(A, 3, new byte[100]);
    assertThat(cache.heldBytes()).isEqualTo(300);
    assertThat(cache.block(A, 1, 0, 10)).isNull();
    assertThat(cache.block(A, 0, 10, 10)).isNotNull();
    assertThat(cache.block(A, 2, 0, 10)).isNotNull();
    assertThat(cache.block(A, 3, 0, 10)).isNotNull();
    cache.put(A, 4, new byte[301]);
    assertThat(cache.block(A, 4, 0, 10)).as("larger than the bound: not kept").isNull();
    assertThat(cache.heldBytes()).isEqualTo(300);
  }

  @Test
  void forgetsTheStoppedTorrentOnly() {
    VerifiedPieceCache cache = new VerifiedPieceCache(1000);
    cache.put(A, 0, new byte[100]);
    cache.put(B, 0, new byte[50]);
    cache.forget(A);
    assertThat(cache.heldBytes()).isEqualTo(50);
    assertThat(cache.block(A, 0, 0, 10)).isNull();
    assertThat(cache.block(B, 0, 0, 10)).isNotNull();
  }

  @Test
  void refusesANonPositiveBound() {
    assertThatThrownBy(() -> new VerifiedPieceCache(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
