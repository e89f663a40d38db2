package dev.sower.rsync.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SkipCompressTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void defaultListSkipsTheDatasetsImagesAndArchives() {
        SkipCompress skip = SkipCompress.rsyncDefault();
        assertThat(skip.matches(b("original/0001/1234.jpg"))).isTrue();
        assertThat(skip.matches(b("original/0001/1234.PNG"))).isTrue();
        assertThat(skip.matches(b("512px/0001/1234.webp"))).isTrue();
        assertThat(skip.matches(b("metadata/metadata.json.tar.xz"))).isTrue();
        assertThat(skip.matches(b("a.mp4"))).isTrue();
        assertThat(skip.matches(b("notes.txt"))).isFalse();
        assertThat(skip.matches(b("metadata.json"))).isFalse();
        assertThat(skip.matches(b("jpg"))).as("no dot").isFalse();
        assertThat(skip.matches(b(".jpg"))).as("dot-file without a suffix").isFalse();
        assertThat(skip.matches(b("dir.jpg/file"))).as("only the last component counts").isFalse();
        assertThat(skip.matches(b("trailing."))).isFalse();
        assertThat(skip.matches(new byte[] {'c', 'a', 'f', (byte) 0xE9, '.', 'j', 'p', 'g'})).isTrue();
    }

    @Test
    void listSyntaxWithCharacterClasses() {
        SkipCompress skip = SkipCompress.parse("gz/jpg/mp[34]/7z/bz2");
        assertThat(skip.matches(b("x.mp3"))).isTrue();
        assertThat(skip.matches(b("x.mp4"))).isTrue();
        assertThat(skip.matches(b("x.mp5"))).isFalse();
        assertThat(skip.matches(b("x.GZ"))).isTrue();
        assertThat(skip.matches(b("x.png"))).isFalse();
        assertThat(SkipCompress.parse("").isEmpty()).isTrue();
    }
}
