package io.httppool.agent.bench;

import io.httppool.agent.instrumentation.HookBinder;
import io.httppool.agent.instrumentation.LibraryLinker;
import io.httppool.bootstrap.Dispatcher;
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
 * What the way from advice to a hook costs, apart from the hook's own work: what every advised library call pays.
 * Not a unit test: run {@link #main}; {@code mvn verify} only compiles it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DispatchBenchmarks {
  private static final int NOT_INSTALLED = 9100;
  private static final int BOUND = 9101;
  private static final int LINKED = 9102;
  private static final int NUMBER = 9103;

  /** Stands for a support interface. */
  public interface Health {
    boolean mayReuse(Object connection);
  }

  private final Object connection = new Object();

  @Setup
  public void setUp() {
    HookBinder<Health> direct = HookBinder.calling(candidate -> candidate != null);
    direct.call(BOUND, "bench bound hook", Health::mayReuse);
    direct.number(NUMBER, "bench number hook", (health, a, n, fallback) -> n + 1);
    // outside the agent nothing links (counted once, here), but the lookup per call is the same ClassValue read
    HookBinder.linkedBy(new LibraryLinker<>(Health.class, "io.httppool.bench.linked.Missing", new Object()))
        .call(LINKED, "bench linked hook", Health::mayReuse);
  }

  @TearDown
  public void tearDown() {
    Dispatcher.install(BOUND, null);
    Dispatcher.install(LINKED, null);
    Dispatcher.install(NUMBER, null);
  }

  /** An id with no hook: the library's value. */
  @Benchmark
  public boolean notInstalled() {
    return Dispatcher.test(NOT_INSTALLED, true, connection);
  }

  /** A hook bound to one target, answering a boolean. */
  @Benchmark
  public boolean bound() {
    return Dispatcher.test(BOUND, true, connection);
  }

  /** A hook of a library family: its support is looked up by the class of the first argument. */
  @Benchmark
  public boolean linkedLookup() {
    return Dispatcher.test(LINKED, true, connection);
  }

  /** A hook answering a number, unboxed. */
  @Benchmark
  public long number() {
    return Dispatcher.number(NUMBER, 5L, connection, 1000L);
  }

  /** Runs every benchmark with short iterations and prints {@code RESULT jmh.<name>.nsPerOp / .bytesPerOp}. */
  public static void main(String[] args) throws Exception {
    JmhRun.runAndPrint(DispatchBenchmarks.class);
  }
}
