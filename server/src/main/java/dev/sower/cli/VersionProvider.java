package dev.sower.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest ({@code Implementation-Version}). */
final class VersionProvider implements IVersionProvider {
  static String version() {
    String v = SowerCli.class.getPackage().getImplementationVersion();
    return v == null ? "development build" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"sower " + version(), "Java " + Runtime.version()};
  }
}
