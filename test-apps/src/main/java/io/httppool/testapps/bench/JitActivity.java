package io.httppool.testapps.bench;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * How busy this JVM's JIT has been, in milliseconds between two calls of {@link #busyMillis()}. On Linux it is the
 * CPU time of the compiler threads ({@code /proc/self/task}), which grows while a compilation runs; elsewhere the
 * JIT's accumulated compilation time, which grows only when a compilation ends, so a long C2 compilation can hide
 * in a second that looks idle.
 */
final class JitActivity {
  private static final Path TASKS = Path.of("/proc/self/task");
  /** Linux's USER_HZ, the unit of a thread's {@code utime} and {@code stime}; 100 on every Linux the JDK runs on. */
  private static final int MILLIS_PER_TICK = 10;

  private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
  private final boolean fromThreads = Files.isDirectory(TASKS);
  private Map<String, Long> ticksByThread = new HashMap<>();
  private long compilationMillis;

  /**
   * Loads what a read of a thread that has just ended loads (the file system's not-found exceptions), as the
   * driver loads everything its measuring uses before the first request (see {@code BenchDriver}).
   */
  void loadWhatReadingLoads() {
    if (fromThreads) {
      try {
        Files.readString(TASKS.resolve("0").resolve("stat"), StandardCharsets.US_ASCII);
      } catch (IOException | RuntimeException expected) {
        // no thread has id 0
      }
    }
  }

  /** False when neither source exists (a JVM without a JIT, or one that does not time it): never quiet. */
  boolean measurable() {
    return fromThreads || (jit != null && jit.isCompilationTimeMonitoringSupported());
  }

  /** Whether the figure is the compiler threads' CPU time rather than the JIT's own compilation time. */
  boolean fromCompilerThreads() {
    return fromThreads;
  }

  /** Milliseconds the JIT worked since the last call (since this object was made, for the first). */
  long busyMillis() {
    if (fromThreads) {
      Map<String, Long> now = compilerThreadTicks();
      long ticks = 0;
      for (Map.Entry<String, Long> thread : now.entrySet()) {
        // a compiler thread started since the last call counts from zero; one that ended took its time with it
        ticks += thread.getValue() - ticksByThread.getOrDefault(thread.getKey(), 0L);
      }
      ticksByThread = now;
      return ticks * MILLIS_PER_TICK;
    }
    long total = jit.getTotalCompilationTime();
    long busy = total - compilationMillis;
    compilationMillis = total;
    return busy;
  }

  private static Map<String, Long> compilerThreadTicks() {
    Map<String, Long> ticks = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
        } catch (IOException ended) {
          continue;
        }
        int nameStart = stat.indexOf('(');
        int nameEnd = stat.lastIndexOf(')');
        if (nameStart < 0 || nameEnd < nameStart) {
          continue;
        }
        String name = stat.substring(nameStart + 1, nameEnd);
        if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
          continue;
        }
        // after the name: state, then 10 fields, then utime and stime
        String[] fields = stat.substring(nameEnd + 2).split(" ");
        ticks.put(task.getFileName().toString(), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
      }
    } catch (IOException | RuntimeException unreadable) {
      // what was read so far: a thread left out counts as ended
    }
    return ticks;
  }
}
