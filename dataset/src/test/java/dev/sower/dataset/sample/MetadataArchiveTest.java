package dev.sower.dataset.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MetadataArchiveTest {
  @Test
  void acceptsNumbersWrittenAsStringsLikeTheRealExport() throws IOException {
    ImageRecord r = MetadataArchive.parse("{\"id\":\"58991\",\"created_at\":\"2006-03-02 10:11:12 UTC\","
        + "\"score\":\"12\",\"md5\":\"abc\",\"rating\":\"s\",\"image_width\":\"640\",\"image_height\":480,"
        + "\"file_ext\":\"png\",\"file_size\":\"1234\",\"is_deleted\":false,"
        + "\"tags\":[{\"id\":\"1\",\"name\":\"1girl\",\"category\":\"0\"},{\"id\":2,\"name\":\"solo\",\"category\":0}],"
        + "\"unknown\":{\"nested\":[1,2,3]}}");
    assertThat(r.id()).isEqualTo(58991);
    assertThat(r.score()).isEqualTo(12);
    assertThat(r.width()).isEqualTo(640);
    assertThat(r.height()).isEqualTo(480);
    assertThat(r.fileSize()).isEqualTo(1234);
    assertThat(r.createdAt()).isEqualTo(1141294272L);
    assertThat(r.tags()).containsExactly(new Tag(1, "1girl", 0), new Tag(2, "solo", 0));
    assertThat(r.originalPath()).isEqualTo("original/0991/58991.png");
  }

  @Test
  void rejectsRecordsWithoutId() {
    assertThatThrownBy(() -> MetadataArchive.parse("{\"score\":1}")).hasMessageContaining("without id");
    assertThatThrownBy(() -> MetadataArchive.parse("[1]")).hasMessageContaining("not a JSON object");
  }
}
