package dev.sower.rsync.flist;

/** A sorted file list addressed by file index (what the client's indexes point into). */
public interface FileList {
  int size();

  /** The entry at {@code ndx} (0 <= ndx < size()). */
  FileEntry get(int ndx);

  /** Every entry in index order (sequentially, cheaper than repeated {@link #get}). */
  default void forEach(java.util.function.Consumer<FileEntry> action) {
    for (int i = 0; i < size(); i++) {
      action.accept(get(i));
    }
  }

  default boolean isEmpty() {
    return size() == 0;
  }
}
