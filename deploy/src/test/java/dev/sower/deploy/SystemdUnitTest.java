package dev.sower.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks deploy/systemd/sower.service with systemd's own tools: {@code systemd-analyze verify}
 * (syntax, unknown keys, executables) and {@code systemd-analyze security --offline} (exposure).
 */
class SystemdUnitTest {
  /** systemd's "OK" band ends below 5.0; MEDIUM starts at 5.0. */
  private static final double OK_OR_BETTER = 4.9;

  @TempDir Path tmp;

  /**
   * A copy of the unit whose commands point at the launcher and health check in this source
   * tree, since verify insists that ExecStart binaries exist and they are not installed here.
   */
  static Path unitWithSourceCommands(Path dir) throws Exception {
    String unit = Files.readString(DeployFiles.file("systemd/sower.service"));
    assertThat(unit).contains("ExecStart=/usr/bin/sower ", "ExecStartPost=/usr/lib/sower/wait-ready\n");
    String local = unit
        .replace("=/usr/bin/sower ", "=" + DeployFiles.file("src/deb/bin/sower") + " ")
        .replace("=/usr/lib/sower/wait-ready", "=" + DeployFiles.file("src/deb/lib/wait-ready"));
    Path copy = dir.resolve("sower.service");
    Files.writeString(copy, local, StandardCharsets.UTF_8);
    return copy;
  }

  @Test
  void verifyPassesWithoutAnyWarning() throws Exception {
    Path unit = unitWithSourceCommands(tmp);
    Exec.Result r = Exec.run(tmp, "systemd-analyze", "verify", unit.toString());
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.stdout() + r.stderr()).as(r.output()).isEmpty();
  }

  @Test
  void verifyCatchesAMisspelledKey() throws Exception {
    // Proves the check above can fail: verify warns (exit 0) on unknown keys.
    Path unit = unitWithSourceCommands(tmp);
    Files.writeString(unit, Files.readString(unit).replace("ProtectSystem=", "ProtectSystm="));
    Exec.Result r = Exec.run(tmp, "systemd-analyze", "verify", unit.toString());
    assertThat(r.stderr()).contains("Unknown key 'ProtectSystm'");
  }

  @Test
  void securityExposureIsOkOrBetter() throws Exception {
    Path unit = DeployFiles.file("systemd/sower.service");
    Exec.Result r = Exec.run(tmp, "systemd-analyze", "security", "--offline=yes",
        "--threshold=49", unit.toString());
    assertThat(r.exitCode()).as(r.output()).isZero();
    Matcher m = Pattern.compile("Overall exposure level for sower\\.service: (\\d+\\.\\d) (\\w+)")
        .matcher(r.stdout());
    assertThat(m.find()).as(r.output()).isTrue();
    double score = Double.parseDouble(m.group(1));
    System.out.println("systemd-analyze security --offline: " + m.group(1) + " " + m.group(2));
    assertThat(score).isLessThanOrEqualTo(OK_OR_BETTER);
    assertThat(m.group(2)).isIn("OK", "SAFE", "PERFECT");
  }

  @Test
  void hardeningTheIssueAsksForIsInPlace() throws Exception {
    Exec.Result r = Exec.run(tmp, "systemd-analyze", "security", "--offline=yes",
        "--json=short", DeployFiles.file("systemd/sower.service").toString());
    assertThat(r.exitCode()).as(r.output()).isZero();
    for (String field : List.of("ProtectSystem", "NoNewPrivileges", "ProtectHome",
        "RestrictAddressFamilies_AF_PACKET", "SystemCallFilter_privileged",
        "CapabilityBoundingSet_CAP_SYS_ADMIN", "UserOrDynamicUser", "PrivateTmp",
        "RestrictNamespaces_user")) {
      assertThat(r.stdout()).as(field)
          .containsPattern("\"set\":true,\"name\":\"[^\"]*\",\"json_field\":\"" + field + "\"");
    }
    // MemoryDenyWriteExecute breaks the JIT: it must stay unset.
    assertThat(r.stdout()).containsPattern(
        "\"set\":false,\"name\":\"MemoryDenyWriteExecute=\"");
    String unit = Files.readString(DeployFiles.file("systemd/sower.service"));
    assertThat(unit).contains("\nDynamicUser=yes\n", "\nStateDirectory=sower\n",
        "\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE\n",
        "\nAmbientCapabilities=CAP_NET_BIND_SERVICE\n", "\nSystemCallFilter=@system-service\n",
        "\nRestart=on-failure\n", "\nEnvironment=LANG=C.UTF-8\n", "\nReadOnlyPaths=",
        "\nLimitNOFILE=");
  }
}
