package dev.sower.rsync.filter;

import java.util.Optional;

/** Reads a per-directory merge file inside the module; empty when it does not exist. */
public interface MergeFileSource {
  Optional<byte[]> read(byte[] pathInModule);
}
