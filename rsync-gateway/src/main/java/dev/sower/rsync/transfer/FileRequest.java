package dev.sower.rsync.transfer;

/**
 * Per-file choices the session makes from the options and the item flags.
 *
 * @param updatingBasis  the receiver updates its basis in place: {@code --inplace} with the basis
 *                       being the destination file itself (sender.c {@code updating_basis_file})
 * @param append         {@code --append}/{@code --append-verify} in the first pass, else OFF
 * @param lowCompression the name matches the skip-compress list: deflate at level 0
 */
public record FileRequest(boolean updatingBasis, AppendMode append, boolean lowCompression) {
    /** A plain delta transfer. */
    public static final FileRequest DEFAULT = new FileRequest(false, AppendMode.OFF, false);
}
