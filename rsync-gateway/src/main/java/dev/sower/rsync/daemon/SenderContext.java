package dev.sower.rsync.daemon;

import dev.sower.rsync.flist.EncodedList;
import dev.sower.rsync.flist.ModuleRoot;
import dev.sower.rsync.options.ServerOptions;
import dev.sower.rsync.wire.MessageTag;
import dev.sower.rsync.wire.WireBuffer;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import org.slf4j.event.Level;

/** What a sender phase may use once the file list has gone out. */
public interface SenderContext {
  /** The list as sent; file indexes point into {@code list().files()}. */
  EncodedList list();

  ModuleRoot root();

  ServerOptions options();

  int protocol();

  int checksumSeed();

  /** Pool for disk reads and hashing (never do those on the calling network thread). */
  Executor workers();

  /**
   * Threads for sending file data: a sending thread may block while the client is slow, so
   * these are never the pool that builds listings.
   */
  Executor senders();

  /** The level of the lines that trace a session going well ({@link DaemonConfig}). */
  Level sessionLogLevel();

  /** The module's name (for rsync's {@code "name" (in module)} messages). */
  String moduleName();

  /**
   * Sends {@code chunk[4, length)} (absolute positions) as one DATA frame without copying, its
   * header written into {@code chunk[0, 4)}; {@code written} runs once the bytes have gone out
   * (or the connection failed), when the buffer may be reused.
   */
  void sendChunk(ByteBuffer chunk, int length, Runnable written);

  /** Resumes reading input held back by {@link SenderPhase#holdsInput()} and feeds it again. */
  void pumpInput();

  /** Sends raw protocol data (wrapped in DATA frames). */
  void sendData(WireBuffer data);

  /** Sends a text message frame (INFO, ERROR, ...). */
  void sendMessage(MessageTag tag, String text);

  /** Sends a message frame carrying one int (NO_SEND, IO_ERROR, ...). */
  void sendInt(MessageTag tag, int value);

  /** Bytes read from / written to the client so far (for the final statistics). */
  long bytesRead();

  long bytesWritten();

  /** Milliseconds spent building and sending the list (for the final statistics). */
  long listBuildMillis();

  long listTransferMillis();

  /**
   * The statistics are queued: the client has all it asked for, and its exit code follows
   * from {@code ioError}, the {@code IoErrorFlag} bits the sender set (0: none), and the file
   * list's (0, or 23/24 when some files were not sent), even if it hangs up now.
   */
  void completed(int ioError);

  /** Ends the session cleanly after everything queued is sent. */
  void finish();

  /** Where to report files sent and errors (the session's guarded {@link SessionListener}). */
  SessionListener events();

  /** Ends the session with an error message and rsync exit code. */
  void fail(String text, int exitCode);

  /** Stops reading client input until {@link #resumeInput()} (e.g. while a worker reads). */
  void suspendInput();

  void resumeInput();
}
