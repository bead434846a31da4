package io.httppool.agent.instrumentation.jdkhttp.java11;

import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.config.PoolSettings;
import io.httppool.agent.core.ClientDestinations;
import io.httppool.agent.core.Destination;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.PoolView;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The per-host limit of one shared JDK client, whose own connection pool has none: at most
 * {@code max-connections-per-host} exchanges per destination in flight at once, an exchange lasting from the send
 * until its response body is read to the end, closed or cancelled, or the exchange fails. Over HTTP/1.1 an exchange
 * holds its connection for that long, so this bounds the connections; over HTTP/2 exchanges are streams the JDK
 * multiplexes over one connection per destination, so it bounds the streams in flight (and with them the extra
 * connections the JDK opens when a server's stream limit is reached).
 *
 * <p>An exchange beyond the limit waits, first come first served, at most {@code acquire-timeout} (or the request's
 * own timeout, when shorter); then it fails as the JDK fails a connection that took too long:
 * {@link HttpConnectTimeoutException} (or {@link HttpTimeoutException} {@code "request timed out"} for the
 * request's own timeout). A synchronous caller never waits for a permit while its own thread holds one for the
 * same destination (a streamed response it has not finished reading): that could only end in its timeout, so it
 * goes over the limit instead.
 */
final class ExchangePermits implements PoolView {
  static final String POOL_TIMEOUT_MESSAGE = "HTTP connect timed out waiting for a connection from the pool";

  private final PoolRecorder recorder;
  private final AgentConfig config;
  private final ConcurrentHashMap<String, Gate> gates = new ConcurrentHashMap<>();

  ExchangePermits(PoolRecorder recorder, AgentConfig config) {
    this.recorder = recorder;
    this.config = config;
  }

  /** Whether {@code error} is the failure of a wait beyond {@code acquire-timeout}. */
  static boolean isPoolTimeout(Throwable error) {
    return error != null && error.getClass() == HttpConnectTimeoutException.class
        && POOL_TIMEOUT_MESSAGE.equals(error.getMessage());
  }

  /**
   * A permit for a synchronous exchange, at once or after waiting.
   *
   * @throws HttpConnectTimeoutException after waiting {@code acquire-timeout}
   * @throws HttpTimeoutException after waiting the request's own, shorter timeout
   */
  Permit acquire(Destination destination, HttpRequest request) throws InterruptedException, HttpTimeoutException {
    Gate gate = gate(destination, request.uri());
    Thread caller = Thread.currentThread();
    Waiter waiter;
    synchronized (gate) {
      Permit now = gate.grantNow(caller, true);
      if (now != null) {
        return now;
      }
      waiter = gate.enqueue(caller);
    }
    long limitNanos = waitLimitNanos(gate, request.timeout());
    try {
      Permit permit = waiter.future.get(limitNanos, TimeUnit.NANOSECONDS);
      waiter.waited(recorder, destination);
      return permit;
    } catch (TimeoutException e) {
      if (gate.withdraw(waiter)) {
        waiter.waited(recorder, destination);
        throw timeout(gate, limitNanos);
      }
      return waiter.future.join();
    } catch (InterruptedException e) {
      if (!gate.withdraw(waiter)) {
        waiter.future.join().release();
      }
      throw e;
    } catch (ExecutionException cannotHappen) {
      throw new IllegalStateException(cannotHappen);
    }
  }

  /**
   * A permit for an asynchronous exchange: completed at once when one is free, later when one is released, or
   * exceptionally as {@link #acquire} fails. Cancelling the future while it waits withdraws the wait.
   */
  CompletableFuture<Permit> acquireAsync(Destination destination, HttpRequest request) {
    Gate gate = gate(destination, request.uri());
    Waiter waiter;
    synchronized (gate) {
      Permit now = gate.grantNow(Thread.currentThread(), false);
      if (now != null) {
        return CompletableFuture.completedFuture(now);
      }
      waiter = gate.enqueue(null);
    }
    long limitNanos = waitLimitNanos(gate, request.timeout());
    CompletableFuture.delayedExecutor(limitNanos, TimeUnit.NANOSECONDS).execute(() -> {
      if (gate.withdraw(waiter)) {
        waiter.waited(recorder, destination);
        waiter.future.completeExceptionally(timeout(gate, limitNanos));
      }
    });
    waiter.future.whenComplete((permit, error) -> {
      if (permit != null) {
        waiter.waited(recorder, destination);
      } else if (waiter.future.isCancelled()) {
        gate.withdraw(waiter);
      }
    });
    return waiter.future;
  }

  /** The gate of the request's server, by its host and port (destinations beyond the metrics' cap share one). */
  private Gate gate(Destination destination, URI uri) {
    String host = uri.getHost();
    int port = ClientDestinations.port(destination.scheme(), uri.getPort());
    String key = host + ':' + port;
    Gate gate = gates.get(key);
    if (gate == null) {
      PoolSettings settings = config.poolSettings(host, port);
      gate = gates.computeIfAbsent(key, k -> new Gate(destination, settings.maxConnectionsPerHost(),
          TimeUnit.MILLISECONDS.toNanos(settings.acquireTimeoutMillis())));
    }
    return gate;
  }

  private static long waitLimitNanos(Gate gate, Optional<Duration> requestTimeout) {
    long limit = gate.acquireTimeoutNanos;
    if (requestTimeout.isPresent()) {
      limit = Math.min(limit, saturatedNanos(requestTimeout.get()));
    }
    return limit;
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  private static HttpTimeoutException timeout(Gate gate, long waitedNanos) {
    return waitedNanos < gate.acquireTimeoutNanos ? new HttpTimeoutException("request timed out")
        : new HttpConnectTimeoutException(POOL_TIMEOUT_MESSAGE);
  }

  @Override
  public void observe(Observer observer) {
    for (Gate gate : gates.values()) {
      int pending;
      synchronized (gate) {
        pending = gate.waiters.size();
      }
      observer.destination(gate.destination, 0, 0, gate.max, pending);
    }
  }

  /** One exchange's right to be in flight; {@link #release} is idempotent. */
  static final class Permit {
    private final Gate gate;
    /** The thread of the synchronous send that holds it, or null. */
    private final Thread holder;
    private final AtomicBoolean released = new AtomicBoolean();

    Permit(Gate gate, Thread holder) {
      this.gate = gate;
      this.holder = holder;
    }

    void release() {
      if (released.compareAndSet(false, true)) {
        gate.release(this);
      }
    }
  }

  private static final class Waiter {
    final CompletableFuture<Permit> future = new CompletableFuture<>();
    final Thread holder;
    final long sinceNanos = System.nanoTime();

    Waiter(Thread holder) {
      this.holder = holder;
    }

    void waited(PoolRecorder recorder, Destination destination) {
      recorder.waited(destination, System.nanoTime() - sinceNanos);
    }
  }

  /** The permits of one destination; every field is guarded by the gate's monitor. */
  private static final class Gate {
    final Destination destination;
    final int max;
    final long acquireTimeoutNanos;
    final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** Permits held by synchronous sends, by thread. */
    final Map<Thread, Integer> heldByThread = new HashMap<>();
    int held;

    Gate(Destination destination, int max, long acquireTimeoutNanos) {
      this.destination = destination;
      this.max = max;
      this.acquireTimeoutNanos = acquireTimeoutNanos;
    }

    /**
     * A permit when one is free and no one waits, or when {@code caller} holds one for a synchronous send (it
     * would wait for itself); null otherwise.
     */
    Permit grantNow(Thread caller, boolean sync) {
      if ((held < max && waiters.isEmpty()) || heldByThread.containsKey(caller)) {
        return grant(sync ? caller : null);
      }
      return null;
    }

    Waiter enqueue(Thread syncCaller) {
      Waiter waiter = new Waiter(syncCaller);
      waiters.add(waiter);
      return waiter;
    }

    /** Takes the waiter out of the queue; false when it was already granted a permit. */
    synchronized boolean withdraw(Waiter waiter) {
      return waiters.remove(waiter);
    }

    private Permit grant(Thread syncHolder) {
      held++;
      if (syncHolder != null) {
        heldByThread.merge(syncHolder, 1, Integer::sum);
      }
      return new Permit(this, syncHolder);
    }

    void release(Permit permit) {
      Waiter next;
      Permit handed = null;
      synchronized (this) {
        held--;
        if (permit.holder != null) {
          heldByThread.computeIfPresent(permit.holder, (thread, count) -> count == 1 ? null : count - 1);
        }
        next = held < max ? waiters.poll() : null;
        if (next != null) {
          handed = grant(next.holder);
        }
      }
      if (next != null && !next.future.complete(handed)) {
        // cancelled by the application between the poll and now
        handed.release();
      }
    }
  }
}
