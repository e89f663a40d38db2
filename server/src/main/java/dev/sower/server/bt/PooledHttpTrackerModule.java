package dev.sower.server.bt;

import bt.module.ServiceModule;
import com.google.inject.Binder;
import com.google.inject.Module;

/**
 * Bt's {@code HttpTrackerModule} with {@link PooledHttpTrackerFactory} for "http" and "https":
 * load this one instead of Bt's (never both: each would claim the same protocols).
 */
final class PooledHttpTrackerModule implements Module {
  @Override
  public void configure(Binder binder) {
    ServiceModule.extend(binder).addTrackerFactory(PooledHttpTrackerFactory.class, "http", "https");
  }
}
