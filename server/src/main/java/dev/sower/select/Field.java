package dev.sower.select;

/** The metadata fields a query can need, with their names in the JSON export. */
public enum Field {
  ID("id"),
  CREATED_AT("created_at"),
  RATING("rating"),
  SCORE("score"),
  FILE_EXT("file_ext"),
  IS_DELETED("is_deleted"),
  /** {@code tags} (array of objects with a {@code name}, or of strings) or {@code tag_string}. */
  TAGS("tags");

  private final String jsonName;

  Field(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The field's name in a metadata record. */
  public String jsonName() {
    return jsonName;
  }
}
