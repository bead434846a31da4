package io.httppool.testapps.support;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Runs a blocking task, typically a child JVM, beside the test thread. Not on the common fork-join pool: it has one
 * thread on a two-core machine, so with test methods running in parallel a child JVM queued there would not start
 * until another test's child finished, and a test waiting for it to serve requests times out.
 */
public final class Background {
  private static final ExecutorService THREADS = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "test-background");
    thread.setDaemon(true);
    return thread;
  });

  private Background() {}

  public static <T> CompletableFuture<T> start(Supplier<T> task) {
    return CompletableFuture.supplyAsync(task, THREADS);
  }
}
