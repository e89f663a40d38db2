package dev.sower.rsync.daemon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Records what a daemon reports, as short strings ("rejected UNKNOWN_MODULE", ...). */
final class RecordingListener implements RsyncListener {
  private final List<String> events = new ArrayList<>();
  private long sent;
  private final List<Duration> listTimes = new ArrayList<>();

  @Override
  public synchronized void rejected(Rejection reason) {
    events.add("rejected " + reason);
  }

  @Override
  public synchronized SessionListener sessionStarted(String module) {
    events.add("started " + module);
    return new SessionListener() {
      @Override
      public void sent(long bytes) {
        synchronized (RecordingListener.this) {
          if (bytes <= 0) {
            events.add("bad byte count " + bytes);
          }
          RecordingListener.this.sent += bytes;
        }
      }

      @Override
      public void fileSent() {
        add("file sent");
      }

      @Override
      public void fileListBuilt(Duration took, long entries) {
        synchronized (RecordingListener.this) {
          listTimes.add(took);
          events.add("file list of " + entries);
        }
      }

      @Override
      public void error(ErrorKind kind) {
        add("error " + kind);
      }

      @Override
      public void ended(Result result) {
        add("ended " + result);
      }
    };
  }

  private synchronized void add(String event) {
    events.add(event);
  }

  synchronized List<String> events() {
    return List.copyOf(events);
  }

  synchronized long sent() {
    return sent;
  }

  synchronized List<Duration> listTimes() {
    return List.copyOf(listTimes);
  }
}
