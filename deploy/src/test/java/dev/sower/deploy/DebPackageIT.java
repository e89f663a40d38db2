package dev.sower.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .deb that {@code mvn package} built, inspected and unpacked with dpkg-deb. */
class DebPackageIT {
  /** Every file the package installs, with its mode as dpkg-deb --contents shows it. */
  private static final Map<String, String> FILES = new LinkedHashMap<>();

  static {
    FILES.put("./usr/bin/sower", "-rwxr-xr-x");
    FILES.put("./usr/share/sower/sower.jar", "-rw-r--r--");
    FILES.put("./usr/lib/sower/wait-ready", "-rwxr-xr-x");
    FILES.put("./usr/lib/systemd/system/sower.service", "-rw-r--r--");
    FILES.put("./etc/sower/sower.yaml", "-rw-r--r--");
    FILES.put("./etc/default/sower", "-rw-r--r--");
    FILES.put("./usr/share/doc/sower/copyright", "-rw-r--r--");
    FILES.put("./usr/share/doc/sower/operations.md", "-rw-r--r--");
    FILES.put("./usr/share/doc/sower/examples/grafana/sower.json", "-rw-r--r--");
    FILES.put("./usr/share/doc/sower/examples/prometheus/alerts.yml", "-rw-r--r--");
    FILES.put("./usr/share/doc/sower/examples/prometheus/prometheus.yml", "-rw-r--r--");
  }

  private static Path deb;

  @BeforeAll
  static void findDeb() throws IOException {
    Path target = Path.of(System.getProperty("sower.deb.dir", "target"));
    try (Stream<Path> s = Files.list(target)) {
      List<Path> debs = s.filter(p -> p.getFileName().toString().matches("sower_.+_all\\.deb"))
          .toList();
      assertThat(debs).as("one sower_*_all.deb in %s", target).hasSize(1);
      deb = debs.get(0);
    }
  }

  @Test
  void controlDeclaresPackageVersionAndJavaDependency(@TempDir Path tmp) throws Exception {
    Exec.Result info = Exec.run(tmp, "dpkg-deb", "--info", deb.toString());
    assertThat(info.exitCode()).as(info.output()).isZero();
    assertThat(info.stdout())
        .contains(" Package: sower\n", " Architecture: all\n", " Section: net\n")
        .contains(" Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless, bash,"
            + " coreutils\n")
        .containsPattern(" Version: \\d+\\.\\d+\\.\\d+(~SNAPSHOT)?\n")
        .containsPattern(" Maintainer: .+ <.+@.+>\n")
        .containsPattern(" Installed-Size: \\d+\n")
        .contains(" conffiles ", " postinst ", " prerm ", " postrm ", " md5sums ");
    assertThat(deb.getFileName().toString())
        .isEqualTo("sower_" + field(info.stdout(), "Version") + "_all.deb");
  }

  @Test
  void installsTheExpectedFilesOwnedByRoot(@TempDir Path tmp) throws Exception {
    Exec.Result contents = Exec.run(tmp, "dpkg-deb", "--contents", deb.toString());
    assertThat(contents.exitCode()).as(contents.output()).isZero();
    Map<String, String> files = new LinkedHashMap<>();
    for (String line : contents.stdout().split("\n")) {
      String[] f = line.split("\\s+");
      assertThat(f[1]).as(line).isEqualTo("root/root");
      if (f[0].startsWith("-")) {
        files.put(f[f.length - 1], f[0]);
      } else {
        assertThat(f[0]).as(line).isEqualTo("drwxr-xr-x");
      }
    }
    assertThat(files).containsExactlyInAnyOrderEntriesOf(FILES);
  }

  @Test
  void configurationFilesAreConffilesAndScriptsParse(@TempDir Path tmp) throws Exception {
    Path control = tmp.resolve("DEBIAN");
    Exec.Result e = Exec.run(tmp, "dpkg-deb", "--control", deb.toString(), control.toString());
    assertThat(e.exitCode()).as(e.output()).isZero();
    assertThat(Files.readAllLines(control.resolve("conffiles")))
        .containsExactlyInAnyOrder("/etc/sower/sower.yaml", "/etc/default/sower");
    for (String script : List.of("postinst", "prerm", "postrm")) {
      Path p = control.resolve(script);
      assertThat(Files.isExecutable(p)).as(script).isTrue();
      Exec.Result syntax = Exec.run(tmp, "sh", "-n", p.toString());
      assertThat(syntax.exitCode()).as(syntax.output()).isZero();
    }
  }

  @Test
  void unpackedLauncherRunsTheJarInUtf8WithJavaOptsFromDefaults(@TempDir Path tmp)
      throws Exception {
    Path root = unpack(tmp);
    Path defaults = tmp.resolve("default-sower");
    Files.writeString(defaults,
        "JAVA_OPTS=\"-Dsower.marker=from-defaults -XshowSettings:properties\"\n");
    Map<String, String> env = Map.of("SOWER_DEFAULTS", defaults.toString(),
        "LANG", "C", "LC_ALL", "", "LC_CTYPE", "");
    Exec.Result r = Exec.run(tmp, env, null, root.resolve("usr/bin/sower").toString(), "--version");
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.stdout()).startsWith("sower ").contains("Java ");
    assertThat(r.stdout()).doesNotContain("development build");
    assertThat(r.stderr())
        .contains("sower.marker = from-defaults")
        .contains("sun.jnu.encoding = UTF-8");
  }

  @Test
  void unpackedUnitVerifiesAgainstThePackagedCommands(@TempDir Path tmp) throws Exception {
    Path root = unpack(tmp);
    String unit = Files.readString(root.resolve("usr/lib/systemd/system/sower.service"));
    String local = unit
        .replace("=/usr/bin/sower ", "=" + root.resolve("usr/bin/sower") + " ")
        .replace("=/usr/lib/sower/wait-ready", "=" + root.resolve("usr/lib/sower/wait-ready"));
    assertThat(local).isNotEqualTo(unit);
    Path copy = tmp.resolve("sower.service");
    Files.writeString(copy, local);
    Exec.Result r = Exec.run(tmp, "systemd-analyze", "verify", copy.toString());
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.stdout() + r.stderr()).as(r.output()).isEmpty();
    assertThat(unit).isEqualTo(Files.readString(DeployFiles.file("systemd/sower.service")));
  }

  /**
   * The packaged launcher and jar work inside the unit's system-call filter (SystemCallFilter=,
   * RestrictAddressFamilies=), applied with libseccomp the way systemd applies it: writing a
   * sample dataset (files, threads, non-UTF-8 names) and NIO networking plus metrics.
   */
  @Test
  void packagedProgramRunsUnderTheUnitsSystemCallFilter(@TempDir Path tmp) throws Exception {
    Path root = unpack(tmp);
    String unit = root.resolve("usr/lib/systemd/system/sower.service").toString();
    String filter = DeployFiles.file("src/test/resources/run-under-unit-seccomp.py").toString();

    Exec.Result sample = Exec.run(tmp, Map.of(), null, "/usr/bin/python3", filter, unit,
        root.resolve("usr/bin/sower").toString(), "sample", "--out",
        tmp.resolve("sample").toString(), "--images", "200");
    assertThat(sample.exitCode()).as(sample.output()).isZero();
    assertThat(sample.stderr()).contains("seccomp: ", "else EPERM; socket families [1, 2, 10]");
    assertThat(tmp.resolve("sample/metadata")).isDirectory();

    String classpath = Path.of(NetworkProbe.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI()) + ":" + root.resolve("usr/share/sower/sower.jar");
    Exec.Result probe = Exec.run(tmp, Map.of(), null, "/usr/bin/python3", filter, unit,
        "java", "-cp", classpath, NetworkProbe.class.getName());
    assertThat(probe.exitCode()).as(probe.output()).isZero();
    assertThat(probe.stdout()).startsWith("probe ok: ");

    // The filter is really applied: a packet socket is refused as systemd would refuse it.
    Exec.Result denied = Exec.run(tmp, Map.of(), null, "/usr/bin/python3", filter, unit,
        "/usr/bin/python3", "-c",
        "import socket; socket.socket(socket.AF_PACKET, socket.SOCK_RAW)");
    assertThat(denied.exitCode()).as(denied.output()).isNotZero();
    assertThat(denied.stderr()).contains("Address family not supported");
  }

  private static Path unpack(Path tmp) throws Exception {
    Path root = tmp.resolve("root");
    Exec.Result x = Exec.run(tmp, "dpkg-deb", "--extract", deb.toString(), root.toString());
    assertThat(x.exitCode()).as(x.output()).isZero();
    return root;
  }

  private static String field(String info, String name) {
    for (String line : info.split("\n")) {
      if (line.startsWith(" " + name + ": ")) {
        return line.substring(name.length() + 3);
      }
    }
    throw new AssertionError("no " + name + " in " + info);
  }
}
