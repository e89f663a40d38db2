package dev.sower.rsync.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real open failures classified the way rsync reports them. */
class OpenFailureTest {
    @TempDir
    Path dir;

    private OpenFailure openFailure(Path p) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            throw new AssertionError("opened " + p + " (" + ch.size() + " bytes)");
        } catch (IOException e) {
            return OpenFailure.of(e, "\"" + dir.relativize(p) + "\" (in data)");
        }
    }

    @Test
    void vanishedFileIsAWarningAndExit24() {
        OpenFailure f = openFailure(dir.resolve("gone.jpg"));
        assertThat(f).isEqualTo(new OpenFailure(IoErrorFlag.VANISHED, true,
                "file has vanished: \"gone.jpg\" (in data)\n"));
        assertThat(IoErrorFlag.exitCode(f.flag().bit(), false)).isEqualTo(24);
    }

    @Test
    void symlinkOpenedWithoutFollowingIsAnErrorAndExit23() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("/etc/passwd"));
        OpenFailure f = openFailure(link);
        assertThat(f.warning()).isFalse();
        assertThat(f.message()).isEqualTo(
                "rsync: [sender] send_files failed to open \"link\" (in data): Too many levels of symbolic links (40)\n");
        assertThat(IoErrorFlag.exitCode(f.flag().bit() | IoErrorFlag.VANISHED.bit(), false)).isEqualTo(23);
    }

    @Test
    void unreadableFileIsPermissionDenied() throws Exception {
        Path p = Files.writeString(dir.resolve("secret"), "x");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
        if (Files.isReadable(p)) {
            // running as root: permissions do not stop us; check the mapping directly
            OpenFailure f = OpenFailure.of(new java.nio.file.AccessDeniedException(p.toString()), "\"secret\"");
            assertThat(f.message()).endsWith(": Permission denied (13)\n");
            return;
        }
        assertThat(openFailure(p).message()).endsWith("\"secret\" (in data): Permission denied (13)\n");
    }

    @Test
    void exitCodes() {
        assertThat(IoErrorFlag.exitCode(0, false)).isZero();
        assertThat(IoErrorFlag.exitCode(0, true)).isEqualTo(23);
        assertThat(IoErrorFlag.exitCode(IoErrorFlag.GENERAL.bit(), false)).isEqualTo(23);
    }
}
