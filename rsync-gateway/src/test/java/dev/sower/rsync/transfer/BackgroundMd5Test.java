package dev.sower.rsync.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackgroundMd5Test {
    @Test
    void sumOfPiecesInOrderWhileTheCallerReusesItsBufferAfterAwait() throws Exception {
        Random r = new Random(5);
        MessageDigest expected = MessageDigest.getInstance("MD5");
        byte[] window = new byte[3 * BackgroundMd5.BATCH];
        byte[] other = new byte[4096];
        byte[] sum = new byte[16];
        try (BackgroundMd5 md5 = new BackgroundMd5()) {
            for (int file = 0; file < 3; file++) {
                md5.reset();
                expected.reset();
                for (int fill = 0; fill < 20; fill++) {
                    r.nextBytes(window);
                    r.nextBytes(other);
                    // contiguous pieces (gathered into batches), then a jump and another array
                    int pos = 0;
                    while (pos < window.length - 40_000) {
                        int n = 1 + r.nextInt(40_000);
                        md5.update(window, pos, n);
                        expected.update(window, pos, n);
                        pos += n;
                    }
                    md5.update(other, 100, 3000);
                    expected.update(other, 100, 3000);
                    md5.update(window, 7, 0);
                    md5.update(window, 0, 11);
                    expected.update(window, 0, 11);
                    md5.await(); // the next fill overwrites both arrays
                }
                md5.digest(sum);
                assertThat(sum).isEqualTo(expected.digest());
            }
            md5.reset();
            md5.digest(sum);
            assertThat(TestFiles.hex(sum)).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        }
    }
}
