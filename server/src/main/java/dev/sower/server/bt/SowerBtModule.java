package dev.sower.server.bt;

import bt.data.IDataDescriptorFactory;
import bt.torrent.data.DataWorker;
import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Singleton;

/**
 * The Guice overrides that turn Bt into a seeder of a large read-only dataset: a data descriptor
 * factory that neither hashes at start nor builds objects per file, and a data worker that hashes
 * each piece before it is first served (behind the upload rate limiter). Bt's own modules stay as
 * they are.
 */
final class SowerBtModule implements Module {
  private final SwarmSettings swarm;

  SowerBtModule() {
    this(SwarmSettings.OFF);
  }

  SowerBtModule(SwarmSettings swarm) {
    this.swarm = swarm;
  }

  @Override
  public void configure(Binder binder) {
    binder.bind(IDataDescriptorFactory.class).to(SeedDescriptorFactory.class).in(Singleton.class);
    binder.bind(SwarmSettings.class).toInstance(swarm);
    // Upload rate limits in front of the first-serve hashing worker.
    binder.bind(DataWorker.class).to(ThrottledDataWorker.class).in(Singleton.class);
  }
}
