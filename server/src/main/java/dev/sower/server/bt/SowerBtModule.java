package dev.sower.server.bt;

import bt.data.IDataDescriptorFactory;
import bt.net.DataReceiver;
import bt.torrent.data.BlockCache;
import bt.torrent.data.DataWorker;
import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Singleton;

/**
 * The Guice overrides that turn Bt into a seeder of a large read-only dataset: a data descriptor
 * factory that neither hashes at start nor builds objects per file, a data worker that hashes
 * each piece before it is first served, a block cache that serves the blocks of a piece just
 * hashed from the bytes read for hashing, and a receive loop that registers new connections
 * without spinning. Bt's own modules stay as they are.
 */
final class SowerBtModule implements Module {
  @Override
  public void configure(Binder binder) {
    binder.bind(IDataDescriptorFactory.class).to(SeedDescriptorFactory.class).in(Singleton.class);
    binder.bind(DataWorker.class).to(FirstServeDataWorker.class).in(Singleton.class);
    binder.bind(DataReceiver.class).to(QueuedRegistrationReceiver.class).asEagerSingleton();
    binder.bind(VerifiedPieceCache.class)
        .toInstance(new VerifiedPieceCache(VerifiedPieceCache.DEFAULT_MAX_BYTES));
    binder.bind(BlockCache.class).to(VerifiedBlockCache.class).in(Singleton.class);
  }
}
