package io.httppool.bootstrap;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Health of the agent itself: classes it failed to transform and exceptions its advice swallowed.
 * Kept on the bootstrap path so that advice in any class loader can count, and tests can read the counts.
 */
public final class AgentStatus {
  private static final AtomicLong transformationErrors = new AtomicLong();
  private static final AtomicLong adviceErrors = new AtomicLong();

  private AgentStatus() {}

  public static void transformationFailed(String typeName, Throwable error) {
    long count = transformationErrors.incrementAndGet();
    AgentLog.log(count == 1 ? AgentLog.WARN : AgentLog.DEBUG,
        "could not instrument " + typeName + ", left untouched", error);
  }

  /** Called when advice or a hook threw: the application goes on as if the agent were not there. */
  public static void adviceFailed(String where, Throwable error) {
    long count = adviceErrors.incrementAndGet();
    AgentLog.log(count == 1 ? AgentLog.WARN : AgentLog.DEBUG,
        "internal error in " + where + ", the request goes on unmanaged", error);
  }

  public static long transformationErrors() {
    return transformationErrors.get();
  }

  public static long adviceErrors() {
    return adviceErrors.get();
  }
}
