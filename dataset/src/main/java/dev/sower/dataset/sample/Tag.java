package dev.sower.dataset.sample;

/** One tag of an image as the Danbooru export gives it. Category: 0 general, 1 artist, 3 copyright, 4 character, 5 meta. */
public record Tag(int id, String name, int category) {}
