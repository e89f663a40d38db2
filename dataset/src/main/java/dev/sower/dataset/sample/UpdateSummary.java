package dev.sower.dataset.sample;

import java.util.List;

/**
 * What {@code sower sample --update-from} changed between two releases. Paths are
 * dataset-relative and sorted.
 *
 * @param oldYear the release updated from
 * @param newYear the release written
 * @param addedImages new image IDs
 * @param removedImages image IDs removed
 * @param reencodedImages image IDs whose original was re-encoded
 * @param added files present only in the new release
 * @param removed files present only in the old release
 * @param modified files present in both with other bytes
 * @param addedBytes bytes of the added files
 */
public record UpdateSummary(
    int oldYear,
    int newYear,
    int addedImages,
    int removedImages,
    int reencodedImages,
    List<String> added,
    List<String> removed,
    List<String> modified,
    long addedBytes) {}
