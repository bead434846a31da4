package io.httppool.testapps.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Appends to {@code target/e2e/cpu-by-class.txt} what each test class cost: wall seconds, CPU seconds of the test
 * JVM itself and of the child JVMs it started and reaped. On a shared machine the wall time of a class says little;
 * its CPU is what the suite's duration on two cores is made of. Linux only (reads {@code /proc/self/stat}); elsewhere
 * it writes nothing. Classes run one after another in a test JVM, so each class's figures are its own.
 */
public final class CpuByTestClass implements TestExecutionListener {

  private static final Path STAT = Path.of("/proc/self/stat");
  /** USER_HZ, which is 100 on every Linux the build runs on. */
  private static final double TICKS_PER_SECOND = 100.0;

  private final Map<String, long[]> started = new ConcurrentHashMap<>();

  @Override
  public void executionStarted(TestIdentifier test) {
    String name = className(test);
    long[] ticks = ticks();
    if (name != null && ticks != null) {
      started.put(name, new long[] {System.nanoTime(), ticks[0], ticks[1]});
    }
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    String name = className(test);
    long[] start = name == null ? null : started.remove(name);
    long[] ticks = ticks();
    if (start == null || ticks == null) {
      return;
    }
    String line = String.format("%-75s wall %7.1f s  cpu %7.1f s (test JVM %6.1f s, child JVMs %7.1f s)%n", name,
        (System.nanoTime() - start[0]) / 1e9, (ticks[0] - start[1] + ticks[1] - start[2]) / TICKS_PER_SECOND,
        (ticks[0] - start[1]) / TICKS_PER_SECOND, (ticks[1] - start[2]) / TICKS_PER_SECOND);
    try {
      Files.writeString(TestPaths.workDir().resolve("cpu-by-class.txt"), line, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // a measurement only: the tests' outcome does not depend on it
    }
  }

  private static String className(TestIdentifier test) {
    return test.getSource().filter(ClassSource.class::isInstance).map(source -> ((ClassSource) source).getClassName())
        .orElse(null);
  }

  /** {utime + stime of this JVM, cutime + cstime of the children it reaped}, in clock ticks; null if unknown. */
  private static long[] ticks() {
    try {
      String stat = Files.readString(STAT);
      // the fields after the command name, which is in parentheses and may contain spaces
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // utime, stime, cutime, cstime are fields 14 to 17 of the whole line, 12 to 15 of these
      return new long[] {Long.parseLong(fields[11]) + Long.parseLong(fields[12]),
          Long.parseLong(fields[13]) + Long.parseLong(fields[14])};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
