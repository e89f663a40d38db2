package dev.sower.server.bt;

import bt.data.DataDescriptor;
import bt.data.DataReaderFactory;
import bt.data.IDataDescriptorFactory;
import bt.data.Storage;
import bt.event.EventSource;
import bt.metainfo.Torrent;
import bt.runtime.Config;
import bt.torrent.callbacks.FileDownloadCompleteCallback;
import com.google.inject.Inject;

/**
 * Replaces Bt's {@code DataDescriptorFactory}, whose descriptor builds objects per file and per
 * block and hashes every piece at start, with {@link SeedDataDescriptor}.
 */
final class SeedDescriptorFactory implements IDataDescriptorFactory {
  private final DataReaderFactory readers;
  private final int blockSize;
  private final VerifiedPieceCache verifiedPieces;

  @Inject
  SeedDescriptorFactory(EventSource events, Config config, VerifiedPieceCache verifiedPieces) {
    this.readers = new DataReaderFactory(events);
    this.blockSize = config.getTransferBlockSize();
    this.verifiedPieces = verifiedPieces;
    events.onTorrentStopped(null, e -> verifiedPieces.forget(e.getTorrentId()));
  }

  @Override
  public DataDescriptor createDescriptor(Torrent torrent, Storage storage,
      FileDownloadCompleteCallback fileCompletionCallback) {
    if (!(torrent instanceof CompactTorrent compact) || !(storage instanceof DatasetStorage ds)) {
      throw new IllegalArgumentException("Sower's runtime seeds only its own torrents: " + torrent);
    }
    SeedDataDescriptor[] holder = new SeedDataDescriptor[1];
    SeedDataDescriptor descriptor = new SeedDataDescriptor(compact, ds, blockSize,
        () -> readers.createReader(torrent, holder[0]).createChannel());
    compact.prepared().guard().keepVerifiedBytes(
        (piece, bytes) -> verifiedPieces.put(compact.getTorrentId(), piece, bytes));
    holder[0] = descriptor;
    return descriptor;
  }
}
