package io.emporium.launcher.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import io.emporium.platform.config.EmporiumConfig;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the logging part of the configuration to Logback once the configuration is read: JSON lines
 * (logstash-logback-encoder: MDC, trace ids and SLF4J key/values as fields) in the production profile or
 * with {@code log.format=json}, the readable text of {@code logback.xml} otherwise, and the level of
 * each logger named in {@code log.levels}.
 */
public final class LoggingSetup {
  static final String TEXT_APPENDER = "STDOUT";
  static final String JSON_APPENDER = "JSON";

  private LoggingSetup() {}

  public static void apply(EmporiumConfig config) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another SLF4J backend: nothing of ours to set
    }
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    if (config.observability().jsonLogs(config.profile()) && root.getAppender(JSON_APPENDER) == null) {
      Appender<ILoggingEvent> text = root.getAppender(TEXT_APPENDER);
      root.addAppender(jsonAppender(context));
      if (text != null) {
        root.detachAppender(text);
        text.stop();
      }
    }
    config.observability().logLevels().forEach((name, level) ->
        context.getLogger("ROOT".equalsIgnoreCase(name) ? Logger.ROOT_LOGGER_NAME : name).setLevel(Level.toLevel(level)));
  }

  static Appender<ILoggingEvent> jsonAppender(LoggerContext context) {
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    encoder.setIncludeKeyValuePairs(true);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setName(JSON_APPENDER);
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.start();
    return appender;
  }
}
