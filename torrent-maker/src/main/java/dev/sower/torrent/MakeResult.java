package dev.sower.torrent;

import dev.sower.torrent.meta.Manifest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a make did.
 *
 * @param out the published output directory
 * @param manifest the manifest written
 * @param changes changes since --previous, or null
 * @param scanTime time to scan
 * @param hashTime time to hash
 * @param totalTime whole run
 * @param hashedBytes bytes read and hashed (reused pieces are not read)
 * @param warnings client limits exceeded and similar
 */
public record MakeResult(Path out, Manifest manifest, ChangeSet changes, Duration scanTime,
    Duration hashTime, Duration totalTime, long hashedBytes, List<String> warnings) {}
