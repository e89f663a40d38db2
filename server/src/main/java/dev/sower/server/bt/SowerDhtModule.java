package dev.sower.server.bt;

import bt.dht.DHTConfig;
import bt.dht.DHTHandshakeHandler;
import bt.module.ProtocolModule;
import bt.protocol.handler.PortMessageHandler;
import com.google.inject.Binder;
import com.google.inject.Module;

/**
 * The DHT through Bt's extension points, in place of Bt's own {@code DHTModule}: Bt's handshake
 * handler (sets the DHT bit, sends PORT to peers that have it) and PORT message codec, and
 * {@link DhtNode} instead of Bt's {@code MldhtService} and DHT peer source (see DhtNode for why).
 */
final class SowerDhtModule implements Module {
  private final SwarmSettings.Dht settings;

  SowerDhtModule(SwarmSettings.Dht settings) {
    this.settings = settings;
  }

  @Override
  public void configure(Binder binder) {
    DHTConfig config = new DHTConfig();
    config.setListeningPort(settings.listen().getPort());
    binder.bind(DHTConfig.class).toInstance(config);
    binder.bind(SwarmSettings.Dht.class).toInstance(settings);
    ProtocolModule.extend(binder).addHandshakeHandler(DHTHandshakeHandler.class);
    ProtocolModule.extend(binder)
        .addMessageHandler(PortMessageHandler.PORT_ID, PortMessageHandler.class);
    binder.bind(DhtNode.class).asEagerSingleton();
  }
}
