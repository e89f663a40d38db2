package dev.sower.rsync.transfer;

/**
 * A new file's {@code -z} data made ahead of its turn by {@link LookAheadCompressor}: the token
 * stream (deflated data frames and the end flag) and the whole-file MD5 of the bytes it covers,
 * to be sent by {@link FileSender#sendPrecompressed}.
 *
 * @param result      what sending it amounts to (length, literal bytes; never a read error)
 * @param tokens      the token stream in {@code tokens[0, tokenLength)}
 * @param tokenLength its length
 * @param fileSum     the whole-file MD5 (16 bytes)
 */
public record PrecompressedFile(FileSendResult result, byte[] tokens, int tokenLength, byte[] fileSum) {
    public PrecompressedFile {
        if (!result.complete() || tokenLength < 0 || tokenLength > tokens.length
                || fileSum.length != BlockDigest.LENGTH) {
            throw new IllegalArgumentException("not a complete stream");
        }
    }
}
