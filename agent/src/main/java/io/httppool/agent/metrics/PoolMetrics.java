package io.httppool.agent.metrics;

import io.httppool.agent.core.Client;
import io.httppool.agent.core.Destination;
import io.httppool.agent.core.Destinations;
import io.httppool.agent.core.ErrorType;
import io.httppool.agent.core.PoolState;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What every client family reports, in library-agnostic terms, and the contract's instruments it feeds. Every
 * method is safe to call on the request path: no lock, and no allocation once a destination is known.
 */
public final class PoolMetrics {
  private static final double NANOS_PER_SECOND = 1e9;
  private static final List<Double> REQUEST_BUCKETS = Arrays.asList(
      0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
  private static final List<Double> CONNECTION_BUCKETS = Arrays.asList(
      0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0, 3600.0);
  private static final List<Double> WAIT_BUCKETS = Arrays.asList(
      0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0);

  private final Destinations destinations;
  private final PoolState poolState;
  private final LongCounter acquires;
  private final LongCounter evictions;
  private final LongCounter leaks;
  private final LongCounter errors;
  private final LongCounter retries;
  private final LongCounter events;
  private final LongCounter bodies;
  private final DoubleHistogram requestDuration;
  private final DoubleHistogram connectionDuration;
  private final DoubleHistogram waitTime;

  public PoolMetrics(Meter meter, Destinations destinations, PoolState poolState) {
    this.destinations = destinations;
    this.poolState = poolState;
    acquires = meter.counterBuilder("httppool.connection.acquires").setUnit("{acquire}")
        .setDescription("Connections handed to requests, new or reused from the pool.").build();
    evictions = meter.counterBuilder("httppool.connection.evictions").setUnit("{connection}")
        .setDescription("Connections the pool closed, by reason.").build();
    leaks = meter.counterBuilder("httppool.connection.leaks").setUnit("{connection}")
        .setDescription("Connections held by a response that was never consumed or closed.").build();
    errors = meter.counterBuilder("httppool.errors").setUnit("{error}")
        .setDescription("Failed connection attempts and requests, by error type.").build();
    retries = meter.counterBuilder("httppool.retries").setUnit("{retry}")
        .setDescription("Requests sent again, by reason.").build();
    events = meter.counterBuilder("httppool.events").setUnit("{event}")
        .setDescription("Pool events (high_utilization, pool_exhausted, high_error_rate), by httppool.event.")
        .build();
    bodies = meter.counterBuilder("httppool.bodies").setUnit("{body}")
        .setDescription("Response bodies the agent handled for the application, by httppool.action (buffered: "
            + "a small body that had arrived was moved into memory so its connection could be reused at once).")
        .build();
    requestDuration = meter.histogramBuilder("http.client.request.duration").setUnit("s")
        .setDescription("Duration of HTTP client requests.")
        .setExplicitBucketBoundariesAdvice(REQUEST_BUCKETS).build();
    connectionDuration = meter.histogramBuilder("http.client.connection.duration").setUnit("s")
        .setDescription("Lifetime of closed connections.")
        .setExplicitBucketBoundariesAdvice(CONNECTION_BUCKETS).build();
    waitTime = meter.histogramBuilder("httppool.connection.wait_time").setUnit("s")
        .setDescription("Time requests waited for a connection from a full pool.")
        .setExplicitBucketBoundariesAdvice(WAIT_BUCKETS).build();

    final ObservableLongMeasurement open = meter.upDownCounterBuilder("http.client.open_connections")
        .setUnit("{connection}").setDescription("Open connections, active or idle.").buildObserver();
    final ObservableLongMeasurement max = meter.upDownCounterBuilder("httppool.connection.max")
        .setUnit("{connection}").setDescription("The most connections the pool may open.").buildObserver();
    final ObservableLongMeasurement pending = meter.upDownCounterBuilder("httppool.connection.pending_requests")
        .setUnit("{request}").setDescription("Requests waiting for a connection.").buildObserver();
    meter.batchCallback(new Runnable() {
      @Override
      public void run() {
        for (Map.Entry<Destination, PoolState.Figures> entry : PoolMetrics.this.poolState.snapshot().entrySet()) {
          Destination destination = entry.getKey();
          PoolState.Figures figures = entry.getValue();
          open.record(figures.active, destination.stateAttributes(true));
          open.record(figures.idle, destination.stateAttributes(false));
          if (figures.max >= 0) {
            max.record(figures.max, destination.attributes());
          }
          if (figures.pending >= 0) {
            pending.record(figures.pending, destination.attributes());
          }
        }
      }
    }, open, max, pending);
  }

  public Destination destination(Client client, String scheme, String host, int port) {
    return destinations.get(client, scheme, host, port);
  }

  public Destinations destinations() {
    return destinations;
  }

  public PoolState poolState() {
    return poolState;
  }

  public void connectionAcquired(Destination destination, boolean reused) {
    destination.totals().acquired(reused);
    acquires.add(1, destination.acquireAttributes(reused));
  }

  /** A request waited this long for a connection because the pool was at its limit. */
  public void waited(Destination destination, long nanos) {
    destination.totals().waited(nanos);
    waitTime.record(nanos / NANOS_PER_SECOND, destination.attributes());
  }

  /** A request ended; {@code status} is 0 when no response arrived, {@code error} null when none occurred. */
  public void requestFinished(Destination destination, String method, int status, ErrorType error, long nanos) {
    destination.totals().requestFinished(nanos, error != null);
    requestDuration.record(nanos / NANOS_PER_SECOND,
        destination.requestAttributes(method, status, error));
  }

  public void connectionClosed(Destination destination, long lifetimeNanos) {
    connectionDuration.record(lifetimeNanos / NANOS_PER_SECOND, destination.attributes());
  }

  public void failed(Destination destination, ErrorType type) {
    destination.totals().failed(type);
    errors.add(1, destination.errorAttributes(type));
  }

  public void evicted(Destination destination, String reason) {
    destination.totals().evicted(reason);
    evictions.add(1, destination.reasonAttributes(reason));
  }

  public void leaked(Destination destination) {
    destination.totals().leaked();
    leaks.add(1, destination.attributes());
  }

  /** A pool event happened: {@code kind} is its {@code httppool.event} value. */
  public void event(Destination destination, String kind) {
    destination.totals().event(kind);
    events.add(1, destination.eventAttributes(kind));
  }

  /** A response body that had fully arrived was buffered so that its connection could be reused at once. */
  public void bodyBuffered(Destination destination) {
    destination.totals().bodyHandled("buffered");
    bodies.add(1, destination.actionAttributes("buffered"));
  }

  public void retried(Destination destination, String reason) {
    destination.totals().retried(reason);
    retries.add(1, destination.reasonAttributes(reason));
  }
}
