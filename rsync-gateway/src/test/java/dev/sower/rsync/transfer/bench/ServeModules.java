package dev.sower.rsync.transfer.bench;

import dev.sower.rsync.daemon.DaemonConfig;
import dev.sower.rsync.daemon.ModuleConfig;
import dev.sower.rsync.daemon.RsyncDaemon;
import dev.sower.rsync.daemon.SenderWarmUp;
import dev.sower.rsync.mina.MinaRsyncServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The file-serving gateway on 127.0.0.1:PORT with modules NAME=PATH, for
 * {@code bench/rsync-transfer.sh} (the {@code sower serve} wiring lives in another module),
 * warmed up at start unless {@code -Dsower.warmUp=false}. Not a test. Runs until killed.
 */
public final class ServeModules {
  private ServeModules() {
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    List<ModuleConfig> modules = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      modules.add(ModuleConfig.of(args[i].substring(0, eq), Path.of(args[i].substring(eq + 1)),
          ""));
    }
    RsyncDaemon daemon = RsyncDaemon.serving(DaemonConfig.of(modules));
    MinaRsyncServer.start(daemon, List.of(new InetSocketAddress("127.0.0.1", port)), 2);
    System.out.println("serving on 127.0.0.1:" + port);
    if (Boolean.parseBoolean(System.getProperty("sower.warmUp", "true"))) {
      // as `sower serve` does at start (rsync.warm-up); the bench waits for this line
      Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
      int rounds = Integer.getInteger("sower.warmUp.rounds", 0);
      SenderWarmUp.Report r = rounds > 0 ? MinaRsyncServer.warmUp(tmp, rounds)
          : MinaRsyncServer.warmUp(tmp).done().join();
      System.out.println("warm-up done: " + r.sessions() + " sessions in " + r.took().toMillis()
          + " ms");
    }
    Thread.currentThread().join();
  }
}
