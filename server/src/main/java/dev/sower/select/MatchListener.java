package dev.sower.select;

/** Told of every image a selection keeps, after the --verify-root check. */
@FunctionalInterface
public interface MatchListener {
  /** Image {@code id} was selected; {@code path} is its dataset-relative path in the query's tree. */
  void matched(long id, String path) throws SelectException;
}
