package dev.sower.rsync.daemon;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One module, with rsyncd.conf names and meanings. Modules are read-only and anonymous.
 *
 * @param name the module name clients ask for
 * @param path the directory served
 * @param comment shown in the module list
 * @param list whether the module appears in the module list ("list")
 * @param maxConnections "max connections", 0 for no limit
 * @param timeoutSeconds "timeout": idle I/O timeout, 0 for none; announced to the client
 * @param refuseOptions "refuse options": space-separated patterns, '!' re-accepts
 * @param hostsAllow "hosts allow" patterns (empty: everyone)
 * @param hostsDeny "hosts deny" patterns
 * @param exclude "exclude": space-separated patterns anchored at the module root
 */
public record ModuleConfig(String name, Path path, String comment, boolean list,
    int maxConnections, int timeoutSeconds, String refuseOptions, List<String> hostsAllow,
    List<String> hostsDeny, String exclude) {
  public ModuleConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    if (name.isEmpty() || name.contains("/") || name.contains("]") || name.startsWith("#")) {
      throw new IllegalArgumentException("invalid module name: " + name);
    }
    if (maxConnections < 0 || timeoutSeconds < 0) {
      throw new IllegalArgumentException("negative limit in module " + name);
    }
    comment = comment == null ? "" : comment;
    refuseOptions = refuseOptions == null ? "" : refuseOptions;
    hostsAllow = List.copyOf(hostsAllow);
    hostsDeny = List.copyOf(hostsDeny);
    exclude = exclude == null ? "" : exclude;
  }

  /** A listed module with no limits, no refusals and no excludes. */
  public static ModuleConfig of(String name, Path path, String comment) {
    return new ModuleConfig(name, path, comment, true, 0, 0, "", List.of(), List.of(), "");
  }

  public ModuleConfig withMaxConnections(int n) {
    return new ModuleConfig(name, path, comment, list, n, timeoutSeconds, refuseOptions,
        hostsAllow, hostsDeny, exclude);
  }

  public ModuleConfig withTimeout(int seconds) {
    return new ModuleConfig(name, path, comment, list, maxConnections, seconds, refuseOptions,
        hostsAllow, hostsDeny, exclude);
  }

  public ModuleConfig withRefuseOptions(String refuse) {
    return new ModuleConfig(name, path, comment, list, maxConnections, timeoutSeconds, refuse,
        hostsAllow, hostsDeny, exclude);
  }

  public ModuleConfig withHosts(List<String> allow, List<String> deny) {
    return new ModuleConfig(name, path, comment, list, maxConnections, timeoutSeconds,
        refuseOptions, allow, deny, exclude);
  }

  public ModuleConfig withExclude(String patterns) {
    return new ModuleConfig(name, path, comment, list, maxConnections, timeoutSeconds,
        refuseOptions, hostsAllow, hostsDeny, patterns);
  }

  public ModuleConfig withList(boolean listed) {
    return new ModuleConfig(name, path, comment, listed, maxConnections, timeoutSeconds,
        refuseOptions, hostsAllow, hostsDeny, exclude);
  }
}
