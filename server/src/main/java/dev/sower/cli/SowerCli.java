package dev.sower.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.OutputStreamWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code sower} command line. {@link #main} only delegates to {@link #run}. */
@Command(
    name = "sower",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Publishes a very large file dataset over BitTorrent and rsync at once.",
    subcommands = {
      SampleCommand.class,
      MakeCommand.class,
      VerifyCommand.class,
      ServeCommand.class,
      SelectCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      " 0:done",
      " 1:failed (bad data found, I/O error, check not passed)",
      " 2:usage error (unknown option, bad value)",
      "69:command not available in this build yet",
      "130:interrupted"
    })
public final class SowerCli implements Runnable {
  @Spec CommandSpec spec;

  public static void main(String[] args) {
    ServeSignals.enable();
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = run(out, err, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command line, writing normal output and errors to {@code out}; returns the exit code. */
  public static int run(PrintWriter out, String... args) {
    return run(out, out, args);
  }

  /** Runs one command line; returns the exit code. Nothing here calls {@link System#exit}. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new SowerCli());
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExitCodeExceptionMapper(t -> {
      if (t instanceof CommandLine.ParameterException) {
        return ExitCode.USAGE.code();
      }
      return t instanceof CommandFailedException f ? f.exitCode().code() : ExitCode.FAILURE.code();
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      if (ex instanceof CommandLine.ParameterException p) {
        commandLine.getErr().println(p.getMessage());
        p.getCommandLine().usage(commandLine.getErr());
        return ExitCode.USAGE.code();
      }
      if (ex instanceof CommandFailedException f) {
        commandLine.getErr().println(f.getMessage());
        return f.exitCode().code();
      }
      if (ex instanceof InterruptedException) {
        commandLine.getErr().println("interrupted");
        return ExitCode.INTERRUPTED.code();
      }
      commandLine.getErr().println("sower " + commandLine.getCommandName() + ": " + describe(ex));
      return ExitCode.FAILURE.code();
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static String describe(Throwable ex) {
    String msg = ex.getMessage();
    if (ex instanceof java.nio.file.NoSuchFileException) {
      return "no such file: " + msg;
    }
    if (ex instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + msg;
    }
    if (ex instanceof java.io.UncheckedIOException && ex.getCause() != null) {
      return describe(ex.getCause());
    }
    return msg == null ? ex.toString() : msg;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }
}
