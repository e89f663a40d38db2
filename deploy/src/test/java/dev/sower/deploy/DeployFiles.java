package dev.sower.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the files of the deploy module are, whether Maven runs from the root or the module. */
final class DeployFiles {
  private DeployFiles() {}

  /** The deploy module directory. */
  static Path module() {
    Path here = Path.of("").toAbsolutePath();
    Path candidate = Files.isDirectory(here.resolve("systemd")) ? here : here.resolve("deploy");
    if (!Files.isRegularFile(candidate.resolve("systemd/sower.service"))) {
      throw new IllegalStateException("cannot find the deploy module from " + here);
    }
    return candidate;
  }

  static Path file(String relative) {
    return module().resolve(relative);
  }
}
