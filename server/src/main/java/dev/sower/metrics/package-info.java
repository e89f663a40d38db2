/**
 * Sower's metrics: one catalogue of meter names ({@link dev.sower.metrics.SowerMeter}, with
 * the bounded tags of {@link dev.sower.metrics.SowerTag}), one binder per subsystem, and the
 * daemon's registry.
 *
 * <p>Wiring in {@code sower serve}: create one {@link dev.sower.metrics.SowerMetrics} (standard
 * JVM and process meters plus {@code sower_build_info}), serve
 * {@link dev.sower.metrics.SowerMetrics#scrape(java.io.OutputStream)} with
 * {@link dev.sower.metrics.SowerMetrics#CONTENT_TYPE} on {@code GET /metrics}, and hand its
 * {@link dev.sower.metrics.SowerMetrics#registry()} to the binders:
 * <ul>
 *   <li>{@link dev.sower.metrics.BitTorrentMetrics}: per torrent, swarm counts from the
 *       embedded tracker and external scrapes, peers, uploads, pieces, verification failures,
 *       announces; DHT size;
 *   <li>{@link dev.sower.metrics.RsyncMetrics}: modules, refused connections, and per session
 *       bytes, files, errors, file lists, result and duration;
 *   <li>{@link dev.sower.metrics.DatasetMetrics}: the census of the tree and the last make and
 *       scan.
 * </ul>
 * The binders take enums for every fixed label value and check identifiers (torrent ids,
 * module names) against {@link dev.sower.metrics.SowerTag#IDENTIFIER}; none of them does I/O,
 * so network threads may call them. A meter not in the catalogue cannot be created through
 * {@link dev.sower.metrics.SowerMeters}, and the dashboard and alerts in {@code deploy/} are
 * tested to use only catalogue names.
 */
package dev.sower.metrics;
