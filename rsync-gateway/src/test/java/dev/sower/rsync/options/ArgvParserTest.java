package dev.sower.rsync.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The server argv as rsync clients send it, parsed like rsync's popt table. */
class ArgvParserTest {
  private static List<byte[]> argv(String... a) {
    List<byte[]> out = new ArrayList<>();
    for (String s : a) {
      out.add(s.getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private static ServerOptions parse(String refuse, String... a) throws OptionException {
    return new ArgvParser(RefusePolicy.parse(refuse)).parse(argv(a));
  }

  @Test
  void parsesWhatRsync35SendsForArchiveListing() throws Exception {
    // captured from rsync 3.5.0: rsync -av --list-only -c rsync://host/mod/a/b/
    ServerOptions o = parse("", "--server", "--sender", "-vlogDtprce.iLsfxCIvu", "--list-only",
        ".", "mod/a/b/");
    assertThat(o.sender()).isTrue();
    assertThat(o.recurse()).isTrue();
    assertThat(o.links() && o.owner() && o.group() && o.devices() && o.specials() && o.times()
        && o.perms() && o.checksum() && o.listOnly()).isTrue();
    assertThat(o.verbose()).isEqualTo(1);
    assertThat(o.clientInfo()).isEqualTo(".iLsfxCIvu");
    assertThat(o.paths()).extracting(p -> new String(p, StandardCharsets.UTF_8))
        .containsExactly("mod/a/b/");
  }

  @Test
  void checksumSeedIsKeptAndZeroWhenAbsent() throws Exception {
    assertThat(parse("", "--server", "--sender", "-re.LsfxCIvu", "--checksum-seed=12345", ".",
        "mod/").checksumSeed()).isEqualTo(12345);
    assertThat(parse("", "--server", "--sender", "-re.LsfxCIvu", ".", "mod/").checksumSeed())
        .isZero();
  }

  @Test
  void parsesRelativeFilesFromAndLongValues() throws Exception {
    ServerOptions o = parse("", "--server", "--sender", "-ldRe.LsfxCIvu", "--list-only",
        "--no-implied-dirs", "--files-from=-", "--from0", "--timeout", "30", ".", "mod/");
    assertThat(o.relative()).isTrue();
    assertThat(o.impliedDirs()).isFalse();
    assertThat(o.xferDirs()).isTrue();
    assertThat(o.filesFrom()).isEqualTo("-");
    assertThat(o.from0()).isTrue();
    assertThat(o.timeoutSeconds()).isEqualTo(30);
  }

  @Test
  void shortOptionTakesRestOfBundleOrNextArgument() throws Exception {
    ServerOptions o = parse("", "--server", "--sender", "-re", ".iLsfxCIvu", ".", "mod/");
    assertThat(o.clientInfo()).isEqualTo(".iLsfxCIvu");
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "checksum;  -rc;   The server is configured to refuse --checksum (-c)",
      "c;         -rc;   The server is configured to refuse --checksum (-c)",
      "check*;    -rc;   The server is configured to refuse --checksum (-c)",
      "'';        -rN;   The server is configured to refuse --crtimes (-N)",
      "'';        -rA;   The server is configured to refuse --acls (-A)",
      "'';        -rX;   The server is configured to refuse --xattrs (-X)",
      "'';        -rL;   The server is configured to refuse --copy-links (-L)",
      "a;         -rt;   The server is configured to refuse --recursive (-r)",
      "*;         -rt;   The server is configured to refuse --recursive (-r)",
  })
  void refusesWithRsyncWording(String refuse, String bundle, String message) {
    assertThatThrownBy(() -> parse(refuse, "--server", "--sender", bundle, ".", "mod/"))
        .isInstanceOf(OptionException.class).hasMessage(message)
        .extracting(e -> ((OptionException) e).exitCode()).isEqualTo(4);
  }

  @Test
  void negatedRefusalReaccepts() throws Exception {
    // "*" refuses everything wild-card-able; "!r" and "!t" accept those again
    ServerOptions o = parse("* !r !t !list-only", "--server", "--sender", "-rt", "--list-only",
        ".", "mod/");
    assertThat(o.recurse()).isTrue();
    assertThatThrownBy(() -> parse("* !r", "--server", "--sender", "-rt", ".", "mod/"))
        .hasMessage("The server is configured to refuse --times (-t)");
  }

  @Test
  void serverAndSenderAreNeverRefusedByWildcards() throws Exception {
    assertThat(parse("s*", "--server", "--sender", "-r", ".", "mod/").sender()).isTrue();
  }

  @Test
  void unknownOptionsAndMissingValues() {
    assertThatThrownBy(() -> parse("", "--server", "--sender", "--bogus", "."))
        .hasMessage("on remote machine: --bogus: unknown option");
    assertThatThrownBy(() -> parse("", "--server", "--sender", "-rq%", "."))
        .hasMessage("on remote machine: -%: unknown option");
    assertThatThrownBy(() -> parse("", "--server", "--sender", "--timeout"))
        .hasMessageContaining("missing argument");
    assertThatThrownBy(() -> parse("", "--server", "--sender", "--files-from=/etc/passwd", "."))
        .hasMessageContaining("only accepts a list sent by the client");
    assertThatThrownBy(() -> parse("", "--server", "--sender", "-s", "."))
        .hasMessageContaining("--secluded-args");
    assertThatThrownBy(() -> parse("", "--sender", "-r", "."))
        .hasMessageContaining("--server");
  }
}
