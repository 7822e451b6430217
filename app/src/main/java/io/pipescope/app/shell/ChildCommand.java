package io.pipescope.app.shell;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs a pipeline step's command as a shell runs a foreground command: stdin, stdout and stderr
 * are the caller's, the exit status is the command's (128 + n when signal n killed it), 127 when it
 * cannot be found and 126 when it cannot be executed.
 */
public final class ChildCommand {
  /** Shell convention (POSIX "Command Search and Execution"): not found. */
  public static final int NOT_FOUND = 127;
  /** Shell convention: found but not executable. */
  public static final int NOT_EXECUTABLE = 126;

  /**
   * How the command ended.
   *
   * @param exitCode the status a shell would report
   * @param startFailure why the command could not be started, or null when it ran
   * @param terminated whether pipescope passed a termination request (SIGTERM) on to it
   */
  public record Exit(int exitCode, String startFailure, boolean terminated) {}

  private ChildCommand() {}

  /**
   * Runs {@code command} with the caller's environment changed by {@code environment} (a null
   * value removes the variable) and waits for it. While it runs, SIGTERM is passed on to it (a
   * supervisor's duty, so the step is not orphaned and its span is still sent) and SIGINT is left to
   * it alone (the terminal sends it to the whole foreground process group already).
   */
  public static Exit run(List<String> command, Map<String, String> environment) {
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    Map<String, String> env = builder.environment();
    environment.forEach((name, value) -> {
      if (value == null) {
        env.remove(name);
      } else {
        env.put(name, value);
      }
    });
    // Handlers first: a SIGTERM that arrives while the command starts is passed on right after.
    AtomicBoolean terminated = new AtomicBoolean();
    AtomicReference<Process> running = new AtomicReference<>();
    SignalHandler previousTerm = handle("TERM", signal -> {
      terminated.set(true);
      Process p = running.get();
      if (p != null) {
        p.destroy();
      }
    });
    SignalHandler previousInt = handle("INT", signal -> { });
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      restore("TERM", previousTerm);
      restore("INT", previousInt);
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      // The JDK reports the errno as "error=13, Permission denied"; EACCES means not executable.
      int code = message.contains("error=13,") ? NOT_EXECUTABLE : NOT_FOUND;
      return new Exit(code, "cannot run " + command.get(0) + ": " + errnoText(message), false);
    }
    running.set(process);
    if (terminated.get()) {
      process.destroy();
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return new Exit(process.waitFor(), null, terminated.get());
        } catch (InterruptedException e) {
          // Not ours to give up on: the step is still running and its exit status is the answer.
          interrupted = true;
        }
      }
    } finally {
      restore("TERM", previousTerm);
      restore("INT", previousInt);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** "No such file or directory" from the JDK's "Cannot run program "x": error=2, No such file or directory". */
  private static String errnoText(String message) {
    int comma = message.lastIndexOf(", ");
    return message.contains("error=") && comma >= 0 ? message.substring(comma + 2) : message;
  }

  /**
   * Installs a handler; null when the platform or the JVM does not allow it (e.g. the signal was
   * ignored when the JVM started, as under nohup, and stays ignored).
   */
  private static SignalHandler handle(String name, SignalHandler handler) {
    try {
      return Signal.handle(new Signal(name), handler);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void restore(String name, SignalHandler previous) {
    if (previous != null) {
      handle(name, previous);
    }
  }
}
