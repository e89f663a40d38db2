package dev.sower.rsync.transfer;

/**
 * {@code --append} handling on the sender (match.c {@code match_sums}). The receiver sends
 * only a sum head whose blocks describe the length it already has; the sender skips that
 * prefix and sends the rest as literal data. In the redo phase rsync turns append off.
 */
public enum AppendMode {
    /** Normal delta transfer. */
    OFF,
    /** {@code --append}: the prefix is neither sent nor part of the whole-file sum. */
    APPEND,
    /** {@code --append-verify}: the prefix is not sent but is part of the whole-file sum. */
    APPEND_VERIFY
}
