package dev.sower.rsync.transfer;

/**
 * The peer sent something the transfer engine refuses (rsync exits with RERR_PROTOCOL, 2, for
 * these). The message names the field and the offending value, in rsync's wording where rsync
 * has one.
 */
public final class TransferProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    public TransferProtocolException(String message) {
        super(message);
    }
}
