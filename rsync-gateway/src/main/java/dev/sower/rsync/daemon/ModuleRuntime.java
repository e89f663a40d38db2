package dev.sower.rsync.daemon;

import dev.sower.rsync.filter.FilterList;
import dev.sower.rsync.filter.FilterRuleParser;
import dev.sower.rsync.filter.FilterSyntaxException;
import dev.sower.rsync.flist.ModuleRoot;
import dev.sower.rsync.options.RefusePolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** A module ready to serve: its confined root, parsed excludes, refusals and live sessions. */
final class ModuleRuntime {
  private final ModuleConfig config;
  private final ModuleRoot root;
  private final FilterList excludes;
  private final RefusePolicy refuse;
  private final AtomicInteger connections = new AtomicInteger();

  ModuleRuntime(ModuleConfig config) throws IOException {
    this.config = config;
    this.root = new ModuleRoot(config.path());
    try {
      this.excludes = FilterList.of(FilterRuleParser.parse(
          config.exclude().getBytes(StandardCharsets.UTF_8),
          FilterRuleParser.Mode.MODULE_EXCLUDE));
    } catch (FilterSyntaxException e) {
      throw new IllegalArgumentException("module " + config.name() + ": bad exclude: "
          + e.getMessage(), e);
    }
    this.refuse = RefusePolicy.parse(config.refuseOptions());
  }

  ModuleConfig config() {
    return config;
  }

  ModuleRoot root() {
    return root;
  }

  FilterList excludes() {
    return excludes;
  }

  RefusePolicy refuse() {
    return refuse;
  }

  /** Takes a connection slot; false when "max connections" are in use. */
  boolean tryAcquire() {
    int max = config.maxConnections();
    while (true) {
      int n = connections.get();
      if (max > 0 && n >= max) {
        return false;
      }
      if (connections.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  void release() {
    connections.decrementAndGet();
  }

  int activeConnections() {
    return connections.get();
  }
}
