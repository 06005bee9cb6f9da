package io.emporium.platform.async;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FailureStreakTest {
  private static ListAppender<ILoggingEvent> capture(String name) {
    Logger logger = (Logger) LoggerFactory.getLogger(name);
    logger.setLevel(Level.INFO); // the tests' root level is WARN
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    return appender;
  }

  @Test
  void aStreakOfFailuresIsOneWarningAndItsEndOneInfo() {
    ListAppender<ILoggingEvent> logged = capture("streak-test");
    FailureStreak streak = new FailureStreak(LoggerFactory.getLogger("streak-test"), "the store cannot be read",
        "the store answers again");

    streak.succeeded();
    streak.failed(new IOException("refused"));
    streak.failed(new IOException("refused again"));
    streak.succeeded();
    streak.succeeded();
    streak.failed(new IOException("down"));

    assertThat(logged.list).extracting(e -> e.getLevel() + " " + e.getFormattedMessage()).containsExactly(
        "WARN the store cannot be read: java.io.IOException: refused",
        "INFO the store answers again",
        "WARN the store cannot be read: java.io.IOException: down");
  }

  @Test
  void withoutARecoveryTextTheEndOfAStreakLogsNothing() {
    ListAppender<ILoggingEvent> logged = capture("streak-test-quiet");
    FailureStreak streak = new FailureStreak(LoggerFactory.getLogger("streak-test-quiet"), "cannot sample", null);

    streak.failed(new IllegalStateException("x"));
    streak.succeeded();
    streak.failed(new IllegalStateException("y"));

    assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
        "cannot sample: java.lang.IllegalStateException: x", "cannot sample: java.lang.IllegalStateException: y");
  }
}
