package dev.sower.dataset.sample;

import java.util.List;

/**
 * What {@code sower sample} wrote.
 *
 * @param year release year
 * @param images images in the metadata
 * @param originalFiles files under original/ (images plus odd extra names)
 * @param originalBytes their bytes
 * @param subsetFiles files under 512px/
 * @param subsetBytes their bytes
 * @param metadataBytes size of metadata/metadata.json.tar.xz
 * @param oddFiles one line per deliberately odd file: kind and dataset-relative path
 */
public record SampleSummary(
    int year,
    int images,
    long originalFiles,
    long originalBytes,
    long subsetFiles,
    long subsetBytes,
    long metadataBytes,
    List<String> oddFiles) {}
