package io.httppool.agent.bench;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs one benchmark class with short iterations and prints {@code RESULT jmh.<name>.nsPerOp / .bytesPerOp}. */
final class JmhRun {
  private JmhRun() {}

  static void runAndPrint(Class<?> benchmarks) throws Exception {
    Options options = new OptionsBuilder()
        .include(benchmarks.getName() + "\\.")
        .forks(1)
        .warmupIterations(3)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(5)
        .measurementTime(TimeValue.seconds(1))
        .addProfiler(GCProfiler.class)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    for (RunResult result : results) {
      String label = result.getParams().getBenchmark();
      String name = label.substring(label.lastIndexOf('.') + 1);
      System.out.println(String.format(Locale.ROOT, "RESULT jmh.%s.nsPerOp=%.3f", name,
          result.getPrimaryResult().getScore()));
      Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
      System.out.println(String.format(Locale.ROOT, "RESULT jmh.%s.bytesPerOp=%.3f", name,
          allocation == null ? Double.NaN : allocation.getScore()));
    }
  }
}
