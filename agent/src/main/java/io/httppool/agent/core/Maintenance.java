package io.httppool.agent.core;

import io.httppool.bootstrap.AgentStatus;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The agent's one background thread: eviction, leak checks and connection-close detection run here, once a
 * second, off the request path. A daemon thread: it never keeps the application's JVM alive.
 */
public final class Maintenance {
  private static final long PERIOD_MILLIS = 1000;

  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
      new ThreadFactory() {
        @Override
        public Thread newThread(Runnable task) {
          Thread thread = new Thread(task, "httppool-maintenance");
          thread.setDaemon(true);
          return thread;
        }
      });

  /** Runs {@code task} every second; a task that throws is counted and runs again next time. */
  public void every(final String name, final Runnable task) {
    executor.scheduleWithFixedDelay(new Runnable() {
      @Override
      public void run() {
        try {
          task.run();
        } catch (Throwable t) {
          AgentStatus.adviceFailed(name, t);
        }
      }
    }, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  public void shutdown() {
    executor.shutdownNow();
  }
}
