package dev.sower.rsync.flist;

import dev.sower.rsync.filter.ClientFilter;
import dev.sower.rsync.filter.FilterList;

/**
 * Everything that decides which entries a listing holds.
 *
 * @param moduleName for messages ("(in NAME)")
 * @param recurse {@code -r}; {@code xferDirs} {@code -d} (or implied by -r)
 * @param relative {@code -R}
 * @param format the optional fields of each entry
 * @param clientRules the client's filter rules; {@code moduleRules} the module's "exclude"
 */
public record ListRequest(String moduleName, boolean recurse, boolean xferDirs,
    boolean relative, ListFormat format, ClientFilter clientRules, FilterList moduleRules) {}
