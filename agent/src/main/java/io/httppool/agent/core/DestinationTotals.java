package io.httppool.agent.core;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The running totals of one destination that the report prints; updated without locks. */
public final class DestinationTotals {
  private final LongAdder newConnections = new LongAdder();
  private final LongAdder reusedConnections = new LongAdder();
  private final LongAdder requests = new LongAdder();
  private final LongAdder failedRequests = new LongAdder();
  private final LongAdder leaks = new LongAdder();
  private final LongAdder[] errors = new LongAdder[ErrorType.values().length];
  private final ConcurrentHashMap<String, LongAdder> evictions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> retries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> events = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> bodies = new ConcurrentHashMap<>();
  private final LatencyRecorder requestLatency = new LatencyRecorder();
  private final LatencyRecorder waitLatency = new LatencyRecorder();

  DestinationTotals() {
    for (int i = 0; i < errors.length; i++) {
      errors[i] = new LongAdder();
    }
  }

  public void acquired(boolean reused) {
    (reused ? reusedConnections : newConnections).increment();
  }

  public void waited(long nanos) {
    waitLatency.recordNanos(nanos);
  }

  public void requestFinished(long nanos, boolean failed) {
    requests.increment();
    if (failed) {
      failedRequests.increment();
    }
    requestLatency.recordNanos(nanos);
  }

  public void failed(ErrorType type) {
    errors[type.ordinal()].increment();
  }

  public void evicted(String reason) {
    counter(evictions, reason).increment();
  }

  public void retried(String reason) {
    counter(retries, reason).increment();
  }

  public void event(String kind) {
    counter(events, kind).increment();
  }

  /** The agent did {@code action} to a response body on the application's behalf. */
  public void bodyHandled(String action) {
    counter(bodies, action).increment();
  }

  public void leaked() {
    leaks.increment();
  }

  private static LongAdder counter(ConcurrentHashMap<String, LongAdder> counters, String key) {
    LongAdder counter = counters.get(key);
    if (counter == null) {
      LongAdder created = new LongAdder();
      counter = counters.putIfAbsent(key, created);
      return counter == null ? created : counter;
    }
    return counter;
  }

  public long newConnections() {
    return newConnections.sum();
  }

  public long reusedConnections() {
    return reusedConnections.sum();
  }

  public long requests() {
    return requests.sum();
  }

  /** Requests that ended without a response: a transport error, not an HTTP status. */
  public long failedRequests() {
    return failedRequests.sum();
  }

  /** Every error counted, of every type. */
  public long errors() {
    long total = 0;
    for (LongAdder counter : errors) {
      total += counter.sum();
    }
    return total;
  }

  public long evictionsTotal() {
    long total = 0;
    for (LongAdder counter : evictions.values()) {
      total += counter.sum();
    }
    return total;
  }

  public ConcurrentHashMap<String, LongAdder> events() {
    return events;
  }

  public long leaks() {
    return leaks.sum();
  }

  public long errors(ErrorType type) {
    return errors[type.ordinal()].sum();
  }

  public ConcurrentHashMap<String, LongAdder> evictions() {
    return evictions;
  }

  public ConcurrentHashMap<String, LongAdder> retries() {
    return retries;
  }

  public ConcurrentHashMap<String, LongAdder> bodies() {
    return bodies;
  }

  public LatencyRecorder requestLatency() {
    return requestLatency;
  }

  public LatencyRecorder waitLatency() {
    return waitLatency;
  }
}
