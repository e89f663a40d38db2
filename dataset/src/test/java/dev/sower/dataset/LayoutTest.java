package dev.sower.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LayoutTest {
  @Test
  void bucketsAreIdModThousandZeroPadded() {
    assertThat(Layout.bucket(58991)).isEqualTo(991);
    assertThat(Layout.bucketDir(Layout.bucket(58991))).isEqualTo("0991");
    assertThat(Layout.bucketDir(0)).isEqualTo("0000");
    assertThat(Layout.imagePath(Layout.ORIGINAL, 58991, "png")).isEqualTo("original/0991/58991.png");
    assertThat(Layout.imagePath(Layout.SUBSET_512, 1000, "jpg")).isEqualTo("512px/0000/1000.jpg");
    assertThatThrownBy(() -> Layout.bucketDir(1000)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Layout.bucket(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesBucketDirectories() {
    assertThat(Layout.parseBucketDir("0991")).hasValue(991);
    assertThat(Layout.parseBucketDir("991")).isEmpty();
    assertThat(Layout.parseBucketDir("1000")).isEmpty();
    assertThat(Layout.parseBucketDir("09a1")).isEmpty();
  }

  @Test
  void parsesIdsOnlyFromPlainIdNames() {
    assertThat(Layout.parseId("58991.png")).hasValue(58991);
    assertThat(Layout.parseId("0.jpg")).hasValue(0);
    assertThat(Layout.parseId("058991.png")).isEmpty(); // IDs are not padded
    assertThat(Layout.parseId("58991 (1).jpg")).isEmpty();
    assertThat(Layout.parseId("58991.tar.xz")).isEmpty();
    assertThat(Layout.parseId("58991.")).isEmpty();
    assertThat(Layout.parseId(".png")).isEmpty();
    assertThat(Layout.parseId("README.txt")).isEmpty();
    assertThat(Layout.parseId("caf\u00e9-1.jpg")).isEmpty();
    assertThat(Layout.parseId(new byte[] {'1', '2', '.', (byte) 0xe9})).isEmpty();
    assertThat(Layout.parseId("1234567890123456789.jpg")).isEmpty(); // would overflow
  }

  @Test
  void printableEscapesBytesThatAreNotUtf8() {
    assertThat(RawPaths.printable("caf\u00e9.jpg".getBytes(StandardCharsets.UTF_8))).isEqualTo("caf\u00e9.jpg");
    assertThat(RawPaths.printable("caf\u00e9.jpg".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo("caf\\xe9.jpg");
    assertThat(RawPaths.isUtf8(new byte[] {(byte) 0xe9})).isFalse();
  }
}
