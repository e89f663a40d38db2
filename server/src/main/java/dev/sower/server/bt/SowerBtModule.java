package dev.sower.server.bt;

import bt.data.IDataDescriptorFactory;
import bt.module.PeerConnectionSelector;
import bt.net.DataReceiver;
import bt.net.IMessageDispatcher;
import bt.net.IPeerConnectionFactory;
import bt.net.SharedSelector;
import bt.net.SocketChannelConnectionAcceptor;
import bt.runtime.Config;
import bt.torrent.data.BlockCache;
import bt.torrent.data.DataWorker;
import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.net.InetSocketAddress;

/**
 * The Guice overrides that turn Bt into a seeder of a large read-only dataset: a data descriptor
 * factory that neither hashes at start nor builds objects per file, a data worker that hashes
 * each piece before it is first served (behind the upload rate limiter), a block cache that
 * serves the blocks of a piece just hashed from the bytes read for hashing, a receive loop that
 * registers new connections without spinning, a message dispatcher woken when there is work
 * ({@link WakingMessageDispatcher}), peer connections whose sends never wait for the peer
 * ({@link NonBlockingConnectionFactory}), and a listening socket bound before the runtime starts and
 * closed quietly ({@link SowerConnectionAcceptor}). Bt's own modules stay as they are.
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
    // Upload rate limits in front of the first-serve hashing worker; the dispatcher is woken
    // when a block is ready and when the receive loop has read.
    binder.bind(DispatchWakeup.class).in(Singleton.class);
    binder.bind(DataWorker.class).to(WakingDataWorker.class).in(Singleton.class);
    binder.bind(ThrottledDataWorker.class).in(Singleton.class);
    binder.bind(QueuedRegistrationReceiver.class).asEagerSingleton();
    binder.bind(DataReceiver.class).to(QueuedRegistrationReceiver.class);
    // Sends that never wait for a peer's socket (one slow peer cannot hold the dispatcher).
    binder.bind(IPeerConnectionFactory.class).to(NonBlockingConnectionFactory.class)
        .in(Singleton.class);
    binder.bind(IMessageDispatcher.class).to(WakingMessageDispatcher.class).asEagerSingleton();
    binder.bind(VerifiedPieceCache.class)
        .toInstance(new VerifiedPieceCache(VerifiedPieceCache.DEFAULT_MAX_BYTES));
    binder.bind(BlockCache.class).to(VerifiedBlockCache.class).in(Singleton.class);
  }

  /** Overrides Bt's provider of the same key, which its acceptor multibinding links to. */
  @Provides
  @Singleton
  SocketChannelConnectionAcceptor acceptor(@PeerConnectionSelector SharedSelector selector,
      IPeerConnectionFactory connections, Config config) {
    return new SowerConnectionAcceptor(selector, connections,
        new InetSocketAddress(config.getAcceptorAddress(), config.getAcceptorPort()));
  }
}
