package dev.sower.rsync.it;

import dev.sower.rsync.daemon.DaemonConfig;
import dev.sower.rsync.daemon.ModuleConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A native {@code rsync --daemon} and the gateway serving the same directory as one module,
 * and the same client run against each, in the MD5 dialect (see {@link TransferDifferentialIT}).
 */
final class ServerPair implements AutoCloseable {
  static final List<String> DIALECT = List.of("--checksum-choice=md5", "--no-inc-recursive");

  /** What the client did against the native daemon ({@code want}) and the gateway. */
  record Results(RsyncClient.Result want, RsyncClient.Result got) {
  }

  private final NativeDaemon nativeDaemon;
  private final SowerGateway sower;
  private final String module;

  private ServerPair(NativeDaemon nativeDaemon, SowerGateway sower, String module) {
    this.nativeDaemon = nativeDaemon;
    this.sower = sower;
    this.module = module;
  }

  static ServerPair serving(Path scratch, String module, Path root) throws Exception {
    NativeDaemon n = NativeDaemon.start(Files.createDirectories(scratch.resolve("native")), "",
        "[" + module + "]\npath = " + root + "\nread only = yes\n");
    try {
      return new ServerPair(n, SowerGateway.serving(DaemonConfig.of(List.of(
          ModuleConfig.of(module, root, "")))), module);
    } catch (Exception e) {
      n.close();
      throw e;
    }
  }

  /** The client with {@code options}, into {@code dests[0]} from native, {@code dests[1]} from us. */
  Results run(Path scratch, List<Path> dests, int timeoutSeconds, String... options)
      throws Exception {
    List<RsyncClient.Result> r = new ArrayList<>();
    int[] ports = {nativeDaemon.port(), sower.port()};
    for (int i = 0; i < ports.length; i++) {
      List<String> args = new ArrayList<>(DIALECT);
      args.addAll(List.of(options));
      args.add("rsync://127.0.0.1:" + ports[i] + "/" + module + "/");
      args.add(dests.get(i) + "/");
      r.add(RsyncClient.run(scratch, args, timeoutSeconds));
    }
    return new Results(r.get(0), r.get(1));
  }

  @Override
  public void close() throws Exception {
    sower.close();
    nativeDaemon.close();
  }
}
