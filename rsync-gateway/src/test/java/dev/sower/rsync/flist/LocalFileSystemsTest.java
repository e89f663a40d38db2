package dev.sower.rsync.flist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Which module trees count as local (short reads only at the end of a file). */
class LocalFileSystemsTest {
  private static final Path DATA = Path.of("/srv/data");
  private static final List<String> BASE = List.of(
      "/dev/sda1 / ext4 rw,relatime 0 0",
      "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0",
      "/dev/sdb1 /srv/data xfs rw,relatime 0 0");

  private static List<String> with(String... more) {
    return java.util.stream.Stream.concat(BASE.stream(), java.util.stream.Stream.of(more)).toList();
  }

  @Test
  void allowListedTypesWithNothingElseMountedBelowAreLocal() {
    for (String type : List.of("ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "zfs", "f2fs")) {
      assertThat(LocalFileSystems.below(DATA, type, BASE)).as(type).isTrue();
    }
    assertThat(LocalFileSystems.below(DATA, "xfs", with("tmpfs /srv/data/tmp tmpfs rw 0 0")))
        .isTrue();
  }

  @Test
  void networkFuseAndOtherTypesAreNot() {
    for (String type : List.of("nfs", "nfs4", "cifs", "smb3", "fuse.sshfs", "fuseblk", "9p",
        "overlay", "ceph", "")) {
      assertThat(LocalFileSystems.below(DATA, type, BASE)).as(type).isFalse();
    }
  }

  @Test
  void aMountBelowTheModuleCounts() {
    assertThat(LocalFileSystems.below(DATA, "xfs",
        with("server:/export /srv/data/original/0001 nfs4 rw 0 0"))).isFalse();
    assertThat(LocalFileSystems.below(DATA, "xfs",
        with("sshfs#u@h: /srv/data/with\\040space fuse.sshfs rw 0 0"))).isFalse();
  }

  @Test
  void mountsBesideOrAboveTheModuleDoNot() {
    assertThat(LocalFileSystems.below(DATA, "xfs", with(
        "server:/export /srv/data2 nfs4 rw 0 0",
        "server:/export /srv/data\\040x nfs4 rw 0 0",
        "server:/export /srv nfs4 rw 0 0",
        "server:/export /mnt/nfs nfs4 rw 0 0",
        "short line"))).isTrue();
  }

  @Test
  void realMounts() {
    assertThat(LocalFileSystems.below(Path.of("/proc"))).as("proc").isFalse();
    assertThat(LocalFileSystems.below(Path.of("/does/not/exist"))).isFalse();
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/dev/shm")));
    assertThat(LocalFileSystems.below(Path.of("/dev/shm"))).as("tmpfs").isTrue();
  }
}
