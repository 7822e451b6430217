package io.pipescope.remotewrite.internal;

/** Waits between retries; a test replaces it to see the waits without spending them. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL = Thread::sleep;

  void sleep(long millis) throws InterruptedException;
}
