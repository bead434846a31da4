package io.httppool.agent.instrumentation.apache;

import java.util.function.BooleanSupplier;

/**
 * What a client's own retry does with a request that failed, and so where the agent's stale retry may step in:
 * only where the library will not retry, so that retries never stack.
 */
public enum LibraryRetry {
  /** The client has automatic retries disabled: the agent may retry. */
  NONE,
  /** The library's default retry handler or strategy: the agent retries only what that refuses. */
  DEFAULT,
  /** A retry handler or strategy of the application's: the agent never retries. */
  APPLICATION;

  /**
   * Whether the agent may retry a request that failed on a stale connection. {@code sendableAgain}: the request
   * was not aborted and its entity, if any, can be sent twice; {@code defaultRetries}: whether the library's default
   * would retry this failure, asked only when it matters.
   */
  public boolean leavesToAgent(boolean sendableAgain, BooleanSupplier defaultRetries) {
    if (this == APPLICATION || !sendableAgain) {
      return false;
    }
    return this == NONE || !defaultRetries.getAsBoolean();
  }
}
