package dev.sower.server.bt;

import bt.module.ServiceModule;
import bt.module.TrackerFactories;
import bt.net.BitfieldConnectionHandler;
import bt.net.ConnectionHandlerFactory;
import bt.net.HandshakeHandler;
import bt.net.IConnectionHandlerFactory;
import bt.net.extended.ExtendedProtocolHandshakeHandler;
import bt.protocol.IHandshakeFactory;
import bt.protocol.extended.ExtendedHandshakeFactory;
import bt.runtime.Config;
import bt.torrent.TorrentRegistry;
import bt.tracker.ITrackerService;
import bt.tracker.TrackerFactory;
import bt.tracker.TrackerService;
import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Guice overrides that let the seeder observe Bt for the metrics without changing what Bt does:
 * connection handlers that remember who opened each connection ({@link PeerDirections}), an
 * agent that follows peers' interest ({@link PeerInterest}), and a tracker service that times
 * every announce ({@link TimedTrackerService}).
 */
final class ObservingBtModule implements Module {
  private final PeerInterest interest;
  private final AnnounceListener announces;

  ObservingBtModule(PeerInterest interest, AnnounceListener announces) {
    this.interest = interest;
    this.announces = announces;
  }

  @Override
  public void configure(Binder binder) {
    ServiceModule.extend(binder).addMessagingAgent(interest);
  }

  /** Bt's own handler factory (as {@code ProtocolModule} builds it), marking directions. */
  @Provides
  @Singleton
  IConnectionHandlerFactory connectionHandlerFactory(IHandshakeFactory handshakeFactory,
      TorrentRegistry torrentRegistry, Set<HandshakeHandler> boundHandshakeHandlers,
      ExtendedHandshakeFactory extendedHandshakeFactory, Config config) {
    List<HandshakeHandler> handlers = new ArrayList<>(boundHandshakeHandlers);
    handlers.add(new BitfieldConnectionHandler(torrentRegistry));
    handlers.add(new ExtendedProtocolHandshakeHandler(extendedHandshakeFactory));
    return new PeerDirections(new ConnectionHandlerFactory(handshakeFactory, torrentRegistry,
        handlers, config.getPeerHandshakeTimeout()));
  }

  /** Bt's tracker service with each announce timed. */
  @Provides
  @Singleton
  ITrackerService trackerService(@TrackerFactories Map<String, TrackerFactory> factories) {
    return new TimedTrackerService(new TrackerService(factories), announces);
  }
}
