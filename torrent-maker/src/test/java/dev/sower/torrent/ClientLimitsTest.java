package dev.sower.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientLimitsTest {
  @Test
  void warnsOnlyAboveLibtorrentDefaults() {
    assertThat(ClientLimits.check(10_000_000, 3_000_000, 0x200000)).isEmpty();
    assertThat(ClientLimits.check(22_000_000, 3_700_000, 10))
        .containsExactly(
            ".torrent is 22000000 bytes, over libtorrent's default limit of 10000000"
                + " (raise load_torrent_limits.max_buffer_size)",
            ".torrent has 3700000 bencode tokens, over libtorrent's default limit of 3000000"
                + " (raise load_torrent_limits.max_decode_tokens)");
    assertThat(ClientLimits.check(1, 1, 0x200001)).singleElement().asString()
        .contains("max_pieces");
  }
}
