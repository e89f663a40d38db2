package dev.sower.rsync.flist;

/** Where the list builder reports what rsync's sender would print to the client. */
public interface ListDiagnostics {
  /** A transfer error (MSG_ERROR_XFER); the text ends with '\n'. Marks an I/O error. */
  void transferError(String text);

  /** An informational line (MSG_INFO); the text ends with '\n'. */
  void info(String text);
}
