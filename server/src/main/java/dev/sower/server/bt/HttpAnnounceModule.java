package dev.sower.server.bt;

import bt.module.ServiceModule;
import com.google.inject.Binder;
import com.google.inject.Module;

/**
 * Contributes {@link HttpAnnounceTrackerFactory} for "http" and "https": load this one instead of
 * Bt's {@code HttpTrackerModule} (never both: each would claim the same protocols).
 */
final class HttpAnnounceModule implements Module {
  @Override
  public void configure(Binder binder) {
    ServiceModule.extend(binder)
        .addTrackerFactory(HttpAnnounceTrackerFactory.class, "http", "https");
  }
}
