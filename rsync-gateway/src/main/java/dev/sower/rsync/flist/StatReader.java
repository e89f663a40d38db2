package dev.sower.rsync.flist;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * lstat(2) without following symlinks. Reads the JDK's own {@code UnixFileAttributes} (one
 * system call, all fields) when {@code sun.nio.fs} is opened, else the "unix:" attribute view.
 */
final class StatReader {
  private static final MethodHandle MODE;
  private static final MethodHandle UID;
  private static final MethodHandle GID;
  private static final MethodHandle RDEV;
  private static final MethodHandle DEV;
  private static final MethodHandle INO;
  private static final MethodHandle NLINK;

  static {
    MethodHandle mode = null;
    MethodHandle uid = null;
    MethodHandle gid = null;
    MethodHandle rdev = null;
    MethodHandle dev = null;
    MethodHandle ino = null;
    MethodHandle nlink = null;
    try {
      Class<?> c = Class.forName("sun.nio.fs.UnixFileAttributes");
      MethodHandles.Lookup l = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
      mode = l.findVirtual(c, "mode", MethodType.methodType(int.class))
          .asType(MethodType.methodType(int.class, Object.class));
      uid = l.findVirtual(c, "uid", MethodType.methodType(int.class))
          .asType(MethodType.methodType(int.class, Object.class));
      gid = l.findVirtual(c, "gid", MethodType.methodType(int.class))
          .asType(MethodType.methodType(int.class, Object.class));
      rdev = l.findVirtual(c, "rdev", MethodType.methodType(long.class))
          .asType(MethodType.methodType(long.class, Object.class));
      dev = l.findVirtual(c, "dev", MethodType.methodType(long.class))
          .asType(MethodType.methodType(long.class, Object.class));
      ino = l.findVirtual(c, "ino", MethodType.methodType(long.class))
          .asType(MethodType.methodType(long.class, Object.class));
      nlink = l.findVirtual(c, "nlink", MethodType.methodType(int.class))
          .asType(MethodType.methodType(int.class, Object.class));
    } catch (ReflectiveOperationException | IllegalAccessError | SecurityException e) {
      mode = null;
    }
    MODE = mode;
    UID = uid;
    GID = gid;
    RDEV = rdev;
    DEV = dev;
    INO = ino;
    NLINK = nlink;
  }

  private StatReader() {}

  static PosixStat lstat(Path p) throws IOException {
    if (MODE != null) {
      BasicFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      try {
        FileTime t = a.lastModifiedTime();
        long nanos = t.to(TimeUnit.NANOSECONDS);
        long sec = Math.floorDiv(nanos, 1_000_000_000L);
        int nsec = (int) Math.floorMod(nanos, 1_000_000_000L);
        return new PosixStat((int) MODE.invokeExact((Object) a), a.size(), sec, nsec,
            (int) UID.invokeExact((Object) a), (int) GID.invokeExact((Object) a),
            (long) RDEV.invokeExact((Object) a), (long) DEV.invokeExact((Object) a),
            (long) INO.invokeExact((Object) a), (int) NLINK.invokeExact((Object) a),
            a.lastAccessTime().to(TimeUnit.SECONDS));
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException("cannot read file attributes of " + p, e);
      }
    }
    Map<String, Object> m = Files.readAttributes(p,
        "unix:mode,uid,gid,rdev,dev,ino,nlink,size,lastModifiedTime,lastAccessTime", LinkOption.NOFOLLOW_LINKS);
    long nanos = ((FileTime) m.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
    return new PosixStat((Integer) m.get("mode"), (Long) m.get("size"),
        Math.floorDiv(nanos, 1_000_000_000L), (int) Math.floorMod(nanos, 1_000_000_000L),
        (Integer) m.get("uid"), (Integer) m.get("gid"), (Long) m.get("rdev"),
        (Long) m.get("dev"), (Long) m.get("ino"), (Integer) m.get("nlink"),
        ((FileTime) m.get("lastAccessTime")).to(TimeUnit.SECONDS));
  }
}
