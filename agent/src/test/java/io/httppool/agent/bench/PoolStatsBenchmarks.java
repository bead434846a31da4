package io.httppool.agent.bench;

import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.http.protocol.BasicHttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.apache.http.HttpClientConnection;
import org.apache.http.HttpHost;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What telling a wait for a full pool from a lease served at once costs on the Apache pools, next to the lease
 * itself: a lease and release of an idle connection (the reuse path, a loopback socket, no I/O) against the
 * pool-stats reads the agent makes before a 4.x lease (the worst case: route and total stats) and the read of the
 * pool's future after a 5.x classic lease. Not a unit test: run {@link #main}; {@code mvn verify} only compiles it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PoolStatsBenchmarks {
  /** One per benchmark thread at most, so that every lease finds an idle connection. */
  private static final int IDLE_CONNECTIONS = 4;
  private ServerSocket server;
  private PoolingHttpClientConnectionManager apache4;
  private HttpRoute route4;
  private org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager apache5;
  private org.apache.hc.client5.http.HttpRoute route5;
  private LeaseRequest queuedLease;
  private Field leaseFuture;

  @Setup
  public void setUp() throws Exception {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    route4 = new HttpRoute(new HttpHost("127.0.0.1", server.getLocalPort()));
    apache4 = new PoolingHttpClientConnectionManager();
    apache4.setDefaultMaxPerRoute(IDLE_CONNECTIONS);
    HttpClientConnection[] connections = new HttpClientConnection[IDLE_CONNECTIONS];
    for (int i = 0; i < IDLE_CONNECTIONS; i++) {
      connections[i] = apache4.requestConnection(route4, null).get(1, TimeUnit.SECONDS);
      HttpClientContext context = HttpClientContext.create();
      apache4.connect(connections[i], route4, 1000, context);
      apache4.routeComplete(connections[i], route4, context);
    }
    for (HttpClientConnection connection : connections) {
      apache4.releaseConnection(connection, null, 1, TimeUnit.HOURS);
    }

    route5 = new org.apache.hc.client5.http.HttpRoute(
        new org.apache.hc.core5.http.HttpHost("http", "127.0.0.1", server.getLocalPort()));
    apache5 = new org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager();
    apache5.setDefaultMaxPerRoute(IDLE_CONNECTIONS);
    ConnectionEndpoint[] endpoints = new ConnectionEndpoint[IDLE_CONNECTIONS];
    for (int i = 0; i < IDLE_CONNECTIONS; i++) {
      endpoints[i] = apache5.lease("setup", route5, Timeout.ofSeconds(1), null).get(Timeout.ofSeconds(1));
      apache5.connect(endpoints[i], Timeout.ofSeconds(1), new BasicHttpContext());
    }
    for (ConnectionEndpoint endpoint : endpoints) {
      apache5.release(endpoint, null, TimeValue.ofHours(1));
    }
    queuedLease = apache5.lease("probe", route5, Timeout.ofSeconds(1), null);
    leaseFuture = queuedLease.getClass().getDeclaredField("val$leaseFuture");
    leaseFuture.setAccessible(true);
    apache5.release(queuedLease.get(Timeout.ofSeconds(1)), null, TimeValue.ofHours(1));
  }

  @TearDown
  public void tearDown() throws Exception {
    apache4.shutdown();
    apache5.close(CloseMode.IMMEDIATE);
    server.close();
  }

  /** 4.5: lease and release of the idle connection, as {@code MainClientExec} does for every request. */
  @Benchmark
  public void apache4LeaseAndRelease() throws Exception {
    HttpClientConnection connection = apache4.requestConnection(route4, null).get(1, TimeUnit.SECONDS);
    apache4.releaseConnection(connection, null, 1, TimeUnit.HOURS);
  }

  /** 4.5: the same with the reads the agent makes before it (both, as for a route without an idle connection). */
  @Benchmark
  public int apache4StatsLeaseAndRelease() throws Exception {
    int stats = apache4RouteAndTotalStats();
    apache4LeaseAndRelease();
    return stats;
  }

  /** 4.5: the route's and the total stats, what the agent reads before a lease when the route has no idle one. */
  @Benchmark
  public int apache4RouteAndTotalStats() {
    return apache4.getStats(route4).getAvailable() + apache4.getTotalStats().getLeased();
  }

  /** 5.5 classic: lease and release of the idle connection. */
  @Benchmark
  public void apache5LeaseAndRelease() throws Exception {
    ConnectionEndpoint endpoint = apache5.lease("bench", route5, Timeout.ofSeconds(1), null)
        .get(Timeout.ofSeconds(1));
    apache5.release(endpoint, null, TimeValue.ofHours(1));
  }

  /** 5.5 classic: whether the lease was queued, from the pool's future the lease request holds. */
  @Benchmark
  public boolean apache5LeaseFutureDone() throws IllegalAccessException {
    return ((Future<?>) leaseFuture.get(queuedLease)).isDone();
  }

  /** 5.5: the route's stats (the fallback after a classic lease, the first read before an async one). */
  @Benchmark
  public int apache5RouteStats() {
    return apache5.getStats(route5).getPending();
  }

  /**
   * Runs every benchmark with short iterations, on {@code -Dbench.threads} threads (1; at most 4), and prints
   * {@code RESULT jmh.<name>.nsPerOp}.
   */
  public static void main(String[] args) throws Exception {
    Options options = new OptionsBuilder()
        .include(PoolStatsBenchmarks.class.getName() + "\\.")
        .threads(Integer.getInteger("bench.threads", 1))
        .forks(1)
        .warmupIterations(3)
        .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
        .measurementIterations(5)
        .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
        .build();
    Collection<RunResult> results = new Runner(options).run();
    for (RunResult result : results) {
      String label = result.getParams().getBenchmark();
      System.out.println(String.format(Locale.ROOT, "RESULT jmh.%s.nsPerOp=%.3f",
          label.substring(label.lastIndexOf('.') + 1), result.getPrimaryResult().getScore()));
    }
  }
}
