package dev.sower.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ByteKeyTest {
  @Test
  void equalByContentAndOrderedAsUnsignedBytes() {
    ByteKey a = new ByteKey(new byte[] {'a', (byte) 0xe9});
    ByteKey same = new ByteKey(new byte[] {'a', (byte) 0xe9});
    ByteKey b = new ByteKey(new byte[] {'a', 'z'});
    Set<ByteKey> set = new HashSet<>(Set.of(a));
    assertThat(set).contains(same);
    assertThat(a).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(b);
    // 0xe9 sorts after 'z' as an unsigned byte (signed, it would sort first).
    assertThat(new TreeSet<>(Set.of(a, b))).containsExactly(b, a);
    assertThat(a.toString()).isEqualTo("a\\xe9");
  }
}
