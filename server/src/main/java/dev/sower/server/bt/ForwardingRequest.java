package dev.sower.server.bt;

import bt.metainfo.TorrentId;
import bt.tracker.Tracker;
import bt.tracker.TrackerRequestBuilder;
import bt.tracker.TrackerResponse;
import java.util.function.Function;

/**
 * A tracker request whose every event (start, stop, complete, query) {@link #send} passes on to
 * a request for the same torrent, with the same numwant, built by another tracker ({@link #on}).
 */
abstract class ForwardingRequest extends TrackerRequestBuilder {
  ForwardingRequest(TorrentId torrentId) {
    super(torrentId);
  }

  /** Sends {@code event} through a request of some tracker's, built by {@link #on}. */
  protected abstract TrackerResponse send(Function<TrackerRequestBuilder, TrackerResponse> event);

  /** This request (torrent and numwant) as {@code tracker} builds it. */
  protected final TrackerRequestBuilder on(Tracker tracker) {
    return tracker.request(getTorrentId()).numWant(getNumWant());
  }

  @Override
  public final TrackerResponse start() {
    return send(TrackerRequestBuilder::start);
  }

  @Override
  public final TrackerResponse stop() {
    return send(TrackerRequestBuilder::stop);
  }

  @Override
  public final TrackerResponse complete() {
    return send(TrackerRequestBuilder::complete);
  }

  @Override
  public final TrackerResponse query() {
    return send(TrackerRequestBuilder::query);
  }
}
