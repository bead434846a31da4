package io.httppool.agent.bench;

import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.core.Client;
import io.httppool.agent.core.ConnectionTracker;
import io.httppool.agent.core.CountingRecorder;
import io.httppool.agent.core.Destination;
import io.httppool.agent.core.Destinations;
import io.httppool.agent.core.PoolRecorder;
import io.httppool.agent.core.PoolState;
import io.httppool.agent.core.RequestTrace;
import io.httppool.agent.core.RequestTracer;
import io.httppool.agent.core.StaleConnectionGuard;
import io.httppool.agent.metrics.PoolMetrics;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The agent's per-acquire bookkeeping, on a destination already known, with a real OpenTelemetry SDK meter that
 * has a reader (so counters record into real storage): what every reused connection costs. Not a unit test: run
 * {@link #main} (the benchmark harness does, with {@code -prof gc}); {@code mvn verify} only compiles it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BookkeepingBenchmarks {
  private SdkMeterProvider meterProvider;
  private Destinations destinations;
  private PoolRecorder recorder;
  private Destination destination;
  private RequestTracer tracer;
  private ConnectionTracker connections;
  private final Object connection = new Object();

  @Setup
  public void setUp() {
    meterProvider = SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build();
    PoolState poolState = new PoolState();
    destinations = new Destinations(100);
    recorder = new CountingRecorder(new PoolMetrics(meterProvider.get("httppool-bench"), poolState));
    destination = destinations.get(Client.OKHTTP, "http", "127.0.0.1", 8080);
    tracer = new RequestTracer(recorder, new StaleConnectionGuard(AgentConfig.defaults(), recorder),
        RequestTrace.Errors.CORE);
    connections = new ConnectionTracker(recorder);
    // every series exists before measuring, as it does after an application's first requests
    recorder.connectionAcquired(destination, true);
    recorder.connectionAcquired(destination, false);
    callLifecycle();
  }

  @TearDown
  public void tearDown() {
    meterProvider.close();
  }

  /** The acquire counter and totals of a reused connection: the path every pooled request takes. */
  @Benchmark
  public void acquireReused() {
    recorder.connectionAcquired(destination, true);
  }

  /** The registry lookup of a destination already known. */
  @Benchmark
  public Destination destinationLookup() {
    return destinations.get(Client.OKHTTP, "http", "127.0.0.1", 8080);
  }

  /**
   * A whole call as the OkHttp listener reports it: start, acquire of a tracked connection, status, release, end
   * (with the request-duration histogram). Allocates the per-call trace object.
   */
  @Benchmark
  public RequestTrace callLifecycle() {
    RequestTrace call = tracer.start(destinations.get(Client.OKHTTP, "http", "127.0.0.1", 8080), "POST");
    long now = System.nanoTime();
    ConnectionTracker.Tracked tracked = connections.track(connection, destination, null, now);
    long idleNanos = tracked.idleNanos(now);
    connections.acquired(tracked);
    recorder.connectionAcquired(tracked.destination(), true);
    call.attemptStarting();
    call.acquired(tracked.destination(), true, idleNanos);
    connections.released(tracked);
    call.finished(200, null);
    return call;
  }

  /** Runs every benchmark with short iterations and prints {@code RESULT jmh.<name>.nsPerOp / .bytesPerOp}. */
  public static void main(String[] args) throws Exception {
    JmhRun.runAndPrint(BookkeepingBenchmarks.class);
  }
}
