package dev.sower.rsync.transfer;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * File suffixes not worth compressing (rsync's {@code --skip-compress} / {@code dont compress}).
 * A list is suffixes without the dot separated by {@code /}; {@code [abc]} matches one of the
 * letters; matching ignores ASCII case and looks at the text after the last dot of the name's
 * last component (a name that starts with its only dot has no suffix).
 *
 * <p>Stock rsync 3.2+ parses this list but no longer changes the level per file (its
 * {@code set_compression} is disabled). Sower does use it: a matching file is deflated at level
 * 0, which the receiver inflates like any other stream, and costs almost no CPU.
 */
public final class SkipCompress {
    /** The default list of rsync 3.2+ (rsync.1.md, {@code --skip-compress}). */
    public static final String RSYNC_DEFAULT = String.join("/", List.of(
            "3g2", "3gp", "7z", "aac", "ace", "apk", "avi", "bz2", "deb", "dmg", "ear", "f4v", "flac", "flv", "gpg",
            "gz", "iso", "jar", "jpeg", "jpg", "lrz", "lz", "lz4", "lzma", "lzo", "m1a", "m1v", "m2a", "m2ts",
            "m2v", "m4a", "m4b", "m4p", "m4r", "m4v", "mka", "mkv", "mov", "mp1", "mp2", "mp3", "mp4", "mpa",
            "mpeg", "mpg", "mpv", "mts", "odb", "odf", "odg", "odi", "odm", "odp", "ods", "odt", "oga", "ogg",
            "ogm", "ogv", "ogx", "opus", "otg", "oth", "otp", "ots", "ott", "oxt", "png", "qt", "rar", "rpm", "rz",
            "rzip", "spx", "squashfs", "sxc", "sxd", "sxg", "sxm", "sxw", "sz", "tbz", "tbz2", "tgz", "tlz", "ts",
            "txz", "tzo", "vob", "war", "webm", "webp", "xz", "z", "zip", "zst"));

    /** rsync truncates absurdly long suffixes to this many characters. */
    private static final int MAX_SUFFIX = 32;
    private static final int MAX_EXPANSIONS = 4096;

    private final Set<String> suffixes;

    private SkipCompress(Set<String> suffixes) {
        this.suffixes = Set.copyOf(suffixes);
    }

    /** rsync's default list. */
    public static SkipCompress rsyncDefault() {
        return parse(RSYNC_DEFAULT);
    }

    /**
     * Parses a {@code /}-separated list such as {@code gz/jpg/mp[34]}.
     *
     * @throws IllegalArgumentException when character classes expand to more than 4096 suffixes
     */
    public static SkipCompress parse(String list) {
        Set<String> out = new HashSet<>();
        for (String item : list.split("/")) {
            if (item.isEmpty()) {
                continue;
            }
            String lower = item.toLowerCase(java.util.Locale.ROOT);
            if (lower.length() > MAX_SUFFIX) {
                lower = lower.substring(0, MAX_SUFFIX);
            }
            expand(lower, 0, new StringBuilder(), out);
            if (out.size() > MAX_EXPANSIONS) {
                throw new IllegalArgumentException("skip-compress list expands to too many suffixes");
            }
        }
        return new SkipCompress(out);
    }

    private static void expand(String s, int i, StringBuilder prefix, Set<String> out) {
        if (out.size() > MAX_EXPANSIONS) {
            return;
        }
        if (i == s.length()) {
            out.add(prefix.toString());
            return;
        }
        char c = s.charAt(i);
        int close = c == '[' ? s.indexOf(']', i + 1) : -1;
        if (close > i + 1) {
            for (int j = i + 1; j < close; j++) {
                prefix.append(s.charAt(j));
                expand(s, close + 1, prefix, out);
                prefix.setLength(prefix.length() - 1);
            }
            return;
        }
        prefix.append(c);
        expand(s, i + 1, prefix, out);
        prefix.setLength(prefix.length() - 1);
    }

    /** Whether the file named by {@code name} (raw bytes, possibly a path) has a listed suffix. */
    public boolean matches(byte[] name) {
        int base = 0;
        for (int i = name.length - 1; i >= 0; i--) {
            if (name[i] == '/') {
                base = i + 1;
                break;
            }
        }
        int dot = -1;
        for (int i = name.length - 1; i >= base; i--) {
            if (name[i] == '.') {
                dot = i;
                break;
            }
        }
        if (dot <= base || dot == name.length - 1) {
            return false;
        }
        int n = name.length - dot - 1;
        if (n > MAX_SUFFIX) {
            return false;
        }
        char[] chars = new char[n];
        for (int i = 0; i < n; i++) {
            int b = name[dot + 1 + i] & 0xFF;
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            chars[i] = (char) b;
        }
        return suffixes.contains(new String(chars));
    }

    /** Whether the list is empty (nothing is skipped). */
    public boolean isEmpty() {
        return suffixes.isEmpty();
    }
}
