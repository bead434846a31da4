package io.httppool.agent.metrics;

import io.httppool.agent.core.Destination;
import io.httppool.agent.core.ErrorType;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.PoolState;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records what the pools report into the contract's OpenTelemetry instruments. Every method is safe to call on
 * the request path: no lock, and no allocation once a destination is known.
 */
public final class PoolMetrics implements PoolRecorder {
  private static final double NANOS_PER_SECOND = 1e9;
  private static final List<Double> REQUEST_BUCKETS = Arrays.asList(
      0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
  private static final List<Double> CONNECTION_BUCKETS = Arrays.asList(
      0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0, 3600.0);
  private static final List<Double> WAIT_BUCKETS = Arrays.asList(
      0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0);

  private final PoolState poolState;
  private final ConcurrentHashMap<Destination, DestinationAttributes> attributes = new ConcurrentHashMap<>();
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

  /** @param poolState the source of the open-connection, maximum and pending gauges */
  public PoolMetrics(Meter meter, PoolState poolState) {
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
          DestinationAttributes destination = attributesOf(entry.getKey());
          PoolState.Figures figures = entry.getValue();
          open.record(figures.active, destination.state(true));
          open.record(figures.idle, destination.state(false));
          if (figures.max >= 0) {
            max.record(figures.max, destination.base());
          }
          if (figures.pending >= 0) {
            pending.record(figures.pending, destination.base());
          }
        }
      }
    }, open, max, pending);
  }

  DestinationAttributes attributesOf(Destination destination) {
    DestinationAttributes known = attributes.get(destination);
    if (known == null) {
      DestinationAttributes created = new DestinationAttributes(destination);
      known = attributes.putIfAbsent(destination, created);
      return known == null ? created : known;
    }
    return known;
  }

  @Override
  public void connectionAcquired(Destination destination, boolean reused) {
    acquires.add(1, attributesOf(destination).acquire(reused));
  }

  @Override
  public void waited(Destination destination, long nanos) {
    waitTime.record(nanos / NANOS_PER_SECOND, attributesOf(destination).base());
  }

  @Override
  public void requestFinished(Destination destination, String method, int status, ErrorType error, long nanos) {
    requestDuration.record(nanos / NANOS_PER_SECOND, attributesOf(destination).request(method, status, error));
  }

  @Override
  public void connectionClosed(Destination destination, long lifetimeNanos) {
    connectionDuration.record(lifetimeNanos / NANOS_PER_SECOND, attributesOf(destination).base());
  }

  @Override
  public void failed(Destination destination, ErrorType type) {
    errors.add(1, attributesOf(destination).error(type));
  }

  @Override
  public void evicted(Destination destination, String reason) {
    evictions.add(1, attributesOf(destination).reason(reason));
  }

  @Override
  public void leaked(Destination destination) {
    leaks.add(1, attributesOf(destination).base());
  }

  @Override
  public void event(Destination destination, String kind) {
    events.add(1, attributesOf(destination).event(kind));
  }

  @Override
  public void bodyBuffered(Destination destination) {
    bodies.add(1, attributesOf(destination).action("buffered"));
  }

  @Override
  public void retried(Destination destination, String reason) {
    retries.add(1, attributesOf(destination).reason(reason));
  }
}
