package io.emporium.tests.healing;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** SIGSTOP and SIGCONT, which Java's Process cannot send: a hung node, and its recovery. */
final class ProcessSignals {
  private ProcessSignals() {}

  static void stop(long pid) {
    signal("-STOP", pid);
  }

  static void cont(long pid) {
    signal("-CONT", pid);
  }

  private static void signal(String signal, long pid) {
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError("kill " + signal + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run kill", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
