package io.emporium.gateway.accesslog;

import io.emporium.platform.metrics.EmporiumMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpscArrayQueue;
import org.slf4j.LoggerFactory;

/**
 * The gateway's access log: the event loops hand each line to a bounded lock-free queue (JCTools' MPSC
 * array queue: an offer is one compare-and-set, where a locked queue made loops wait while the writer
 * drained it) and go on; one writer thread per JVM renders lines in batches (text, or JSON lines like the
 * other logs) and writes them to standard output with one system call per batch. A full queue drops the line and counts it: the
 * event loop never waits for the terminal, the pipe or the disk. On when the logger
 * {@code emporium.access} is at INFO (so {@code log.levels=emporium.access=WARN} turns it off).
 */
public final class AccessLog implements Shareable {
  static final String LOGGER = "emporium.access";
  private static final String SHARED_NAME = "emporium.gateway.access-log";
  private static final int CAPACITY = 65_536;
  private static final int BATCH = 1_024;
  private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final DateTimeFormatter TEXT_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
      .withZone(ZoneId.systemDefault());

  private final boolean enabled;
  private final boolean json;
  private final MessagePassingQueue<AccessLine> queue;
  private final OutputStream out;
  private final LongAdder written = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final Thread writer;
  private final java.util.concurrent.atomic.AtomicInteger users = new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean running = true;

  AccessLog(boolean enabled, boolean json, OutputStream out, int capacity) {
    this.queue = new MpscArrayQueue<>(capacity);
    this.enabled = enabled;
    this.json = json;
    this.out = out;
    this.writer = new Thread(this::drain, "access-log");
    writer.setDaemon(true);
    if (enabled) {
      writer.start();
    }
  }

  /**
   * The access log of this Vert.x (one writer for all its gateway instances), made at the first
   * instance's start; each instance {@link #release}s it when it stops, and the last one closes it.
   */
  public static AccessLog acquire(Vertx vertx, boolean json) {
    AccessLog log = (AccessLog) vertx.sharedData().<String, AccessLog>getLocalMap(SHARED_NAME).computeIfAbsent("log",
        k -> {
          AccessLog made = new AccessLog(LoggerFactory.getLogger(LOGGER).isInfoEnabled(), json,
              new FileOutputStream(FileDescriptor.out), CAPACITY);
          made.register(EmporiumMetrics.of(vertx));
          return made;
        });
    log.users.incrementAndGet();
    return log;
  }

  /** One gateway instance is done with the log; the last writes what is queued and stops the writer. */
  public void release(Vertx vertx) {
    if (users.decrementAndGet() == 0) {
      vertx.sharedData().<String, AccessLog>getLocalMap(SHARED_NAME).remove("log", this);
      close();
    }
  }

  private void register(EmporiumMetrics metrics) {
    metrics.functionCounter("emporium.access.log.lines", "Access log lines, by outcome: written, or dropped because "
        + "the writer fell behind (its queue was full)", written::sum, "outcome", "written");
    metrics.functionCounter("emporium.access.log.lines", "Access log lines, by outcome: written, or dropped because "
        + "the writer fell behind (its queue was full)", dropped::sum, "outcome", "dropped");
  }

  public boolean enabled() {
    return enabled;
  }

  /** Hands a line to the writer; never blocks (a full queue drops it, counted). */
  public void record(AccessLine line) {
    if (!queue.offer(line)) {
      dropped.increment();
    }
  }

  long written() {
    return written.sum();
  }

  long dropped() {
    return dropped.sum();
  }

  /** Writes what is queued, then stops the writer (bounded: the JVM is stopping). */
  void close() {
    running = false;
    LockSupport.unpark(writer);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void drain() {
    List<AccessLine> batch = new ArrayList<>(BATCH);
    StringBuilder text = new StringBuilder(BATCH * 200);
    while (running || !queue.isEmpty()) {
      if (queue.drain(batch::add, BATCH) == 0) {
        // The writer sleeps rather than waits on the queue: a waiting consumer makes every offer wake
        // it (a futex call on the event loop per line, 15 % of the loops' CPU when measured).
        LockSupport.parkNanos(IDLE_NANOS);
        continue;
      }
      write(batch, text);
      batch.clear();
      text.setLength(0);
    }
  }

  private void write(List<AccessLine> batch, StringBuilder text) {
    long second = -1;
    String time = null;
    for (AccessLine line : batch) {
      // lines of one batch mostly share their millisecond: format the time once per change
      if (line.epochMillis() != second) {
        second = line.epochMillis();
        Instant at = Instant.ofEpochMilli(second);
        time = json ? at.toString() : TEXT_TIME.format(at);
      }
      if (json) {
        line.appendJson(text, time);
      } else {
        line.appendText(text, time);
      }
    }
    try {
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      written.add(batch.size());
    } catch (IOException e) {
      dropped.add(batch.size());
    }
  }
}
