package dev.sower.rsync.transfer;

import java.io.IOException;

/**
 * Writes a file's token stream (token.c {@code send_token}). The matcher calls it in rsync's
 * order; each call may carry literal bytes {@code [offset, offset + literalLength)} read from the
 * window. Implementations keep state across the calls of one file and reset at the first call
 * of the next.
 */
public sealed interface TokenEncoder permits PlainTokenEncoder, DeflateTokenEncoder {
    /** Literal data only, no token (rsync's token -2). */
    void literal(FileWindow window, long offset, int literalLength) throws IOException;

    /**
     * Literal data, then a match of block {@code block} whose data ({@code blockLength} bytes)
     * follows the literal in the file.
     */
    void match(FileWindow window, long offset, int literalLength, int block, int blockLength) throws IOException;

    /** Literal data, then the end of the file's tokens (rsync's token -1). */
    void end(FileWindow window, long offset, int literalLength) throws IOException;
}
