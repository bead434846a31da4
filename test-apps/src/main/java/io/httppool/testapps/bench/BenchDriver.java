package io.httppool.testapps.bench;

import io.httppool.testapps.Workload;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load loop every bench app shares: for each count in {@code threads} (e.g. {@code 8,64}), that many threads
 * send {@code warmup} then {@code requests} POSTs of {@link Workload#body} to {@code url}, each thread taking the
 * next index; a warmup ends after {@code warmupSeconds} and a measured phase after {@code measureSeconds} if its
 * requests are not all sent by then. The app prints {@code RESULT requests}, {@code rps}, {@code p50Micros} and
 * {@code p99Micros} of the measured requests and the JVM's CPU time per request over the phase
 * ({@code cpuMicrosPerRequest}, every thread of the JVM counted), all prefixed {@code <threads>.} with
 * {@code phased=true}, then {@code failures} over all. With {@code phased=true} it prints
 * {@code PHASE start|end <threads>} around each phase and waits for a line on stdin, so that the runner can count
 * the server's connections per phase.
 * With {@code heap=true} it also prints the heap used after a full GC ({@code heapUsedBytes}) and, through jcmd,
 * the bytes of live objects whose class is one of the agent's ({@code agentHistogramBytes}). With {@code once=true}
 * it sends one request from a fresh client and exits (time to first request).
 */
final class BenchDriver {
  /** Where the settle's and the warmups' latencies go: written, never read (see {@link #load}). */
  private static final long[] UNMEASURED = new long[4096];

  /** One way of sending a request; implementations are thread-safe. */
  interface Sender {
    /** Sends request {@code index} and returns the response status after reading the body to the end. */
    int send(int index, byte[] body) throws Exception;
  }

  /** Builds the sender for {@code clients=per-request} or {@code clients=shared}. */
  interface SenderFactory {
    Sender create(String url, boolean perRequest, int threads) throws Exception;
  }

  /** Makes a ready client (built, and started where the library asks for it). */
  interface ClientOpener<C extends AutoCloseable> {
    C open() throws Exception;
  }

  /** Sends one request with {@code client} and returns its status after reading the body to the end. */
  interface ClientCall<C extends AutoCloseable> {
    int send(C client, byte[] body) throws Exception;
  }

  /**
   * The two apps of a library whose clients are closed: with {@code perRequest} a client from {@code perCall} for
   * every call, closed after it; otherwise one client from {@code shared}, made now, for every call.
   */
  static <C extends AutoCloseable> Sender closeableClients(boolean perRequest, ClientOpener<C> perCall,
      ClientOpener<C> shared, ClientCall<C> call) throws Exception {
    if (perRequest) {
      return (index, body) -> {
        try (C client = perCall.open()) {
          return call.send(client, body);
        }
      };
    }
    C client = shared.open();
    return (index, body) -> call.send(client, body);
  }

  /** The RESULT key of {@code once=true}: when the response was read, epoch milliseconds. */
  static final String FIRST_RESPONSE_AT = "firstResponseAt";

  private BenchDriver() {}

  static void run(String[] arguments, SenderFactory factory) throws Exception {
    AppArgs args = new AppArgs(arguments);
    if ("true".equals(args.get("once", "false"))) {
      firstRequest(args.require("url"), factory);
      return;
    }
    int requests = args.getInt("requests", 1000);
    int warmup = args.getInt("warmup", 200);
    boolean phased = "true".equals(args.get("phased", "false"));
    List<Integer> phases = new ArrayList<>();
    for (String count : args.get("threads", "8").split(",")) {
      phases.add(Integer.parseInt(count.trim()));
    }
    Limits limits = Limits.from(args);
    loadWhatMeasuringLoads();
    boolean perRequest = "per-request".equals(args.get("clients", "shared"));
    Sender sender = factory.create(args.require("url"), perRequest, Collections.max(phases));
    AppReport report = new AppReport();
    BufferedReader runner = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    for (int threads : phases) {
      if (phased) {
        awaitRunner(runner, "PHASE start " + threads);
      }
      if (threads == phases.get(0)) {
        settle(sender, threads, args, report);
      }
      phase(sender, warmup, requests, threads, limits, phased ? threads + "." : "", report);
      if (phased) {
        awaitRunner(runner, "PHASE end " + threads);
      }
    }
    if ("true".equals(args.get("heap", "false"))) {
      reportHeap();
    }
    report.finish();
    System.exit(0);
  }

  /**
   * The app that makes one request and exits, for the runner's time to first request: a client made as the
   * per-request app makes it, one call, and the wall-clock time its response was read ({@code firstResponseAt},
   * epoch milliseconds, which the runner compares with the moment it started the JVM).
   */
  private static void firstRequest(String url, SenderFactory factory) throws Exception {
    AppReport report = new AppReport();
    try {
      int status = factory.create(url, true, 1).send(0, Workload.body(0));
      AppReport.result(FIRST_RESPONSE_AT, System.currentTimeMillis());
      if (status != 200) {
        report.failed(new IOException("status " + status));
      }
    } catch (Exception e) {
      report.failed(e);
    }
    report.finish();
    System.exit(0);
  }

  /**
   * The JVM's first requests, at the first phase's concurrency: class loading, the JIT, and with an agent its install
   * on first use. At least {@code settleSeconds}, then a second at a time until the JIT has been quiet (it worked
   * less than {@code quietCompileMillis}, see {@link JitActivity}) for {@code quietSeconds} seconds in a row, or
   * {@code settleMaxSeconds} have passed. A fixed 25 s was not always enough: a per-request Apache 5.5 app with the
   * agent over TLS kept a C2 thread busy until 38 s (11 s of compiling, against 7 s for the hand-tuned app, done by
   * 26 s), and measured at 28 s it sent 7,900 req/s where it sends 13,000 to 14,800 once compiled. Prints
   * {@code settledSeconds}.
   */
  private static void settle(Sender sender, int threads, AppArgs args, AppReport report)
      throws InterruptedException {
    long started = System.nanoTime();
    long least = started + (long) (Double.parseDouble(args.get("settleSeconds", "0")) * 1e9);
    long most = started + (long) (Double.parseDouble(args.get("settleMaxSeconds", "0")) * 1e9);
    long quietMillis = args.getInt("quietCompileMillis", 50);
    int quietSecondsWanted = args.getInt("quietSeconds", 2);
    if (least > started) {
      load(sender, 0, Integer.MAX_VALUE, threads, least, UNMEASURED, report);
    }
    JitActivity jit = new JitActivity();
    int quietSeconds = 0;
    jit.busyMillis();
    while (jit.measurable() && quietSeconds < quietSecondsWanted && System.nanoTime() < most) {
      load(sender, 0, Integer.MAX_VALUE, threads, Math.min(most, System.nanoTime() + 1_000_000_000L), UNMEASURED,
          report);
      quietSeconds = jit.busyMillis() < quietMillis ? quietSeconds + 1 : 0;
    }
    AppReport.result("settledSeconds", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
  }

  /**
   * Loads, before the first request, the classes that the settle's JIT check and a phase's report load on first
   * use (the platform MXBeans, the formatter, the sort, and the method handles that the first {@code RESULT} line's
   * string concatenation spins: the settle's own line, printed just before the warmup, was the first, and made the
   * JIT throw away the app's request path as late as that). Loaded after the settle, they invalidated what the JIT had
   * compiled on the assumption that they did not exist: at the end of the settle nearly every hot method of the app
   * (header handling, URI parsing, the TLS cipher) was made not entrant, and the measured phase ran while C2
   * compiled it all again (a hand-tuned Apache 5.5 app over TLS, 8 threads: 6,500 req/s, its C2 thread busy a
   * quarter of the time from 28 s on). A JVM with an agent had loaded them at its start, so the deoptimization
   * favoured every agent configuration, most over TLS.
   */
  private static void loadWhatMeasuringLoads() {
    JitActivity jit = new JitActivity();
    if (jit.measurable()) {
      jit.busyMillis();
      jit.loadWhatReadingLoads();
    }
    AppReport.result("jitQuietFrom", jit.fromCompilerThreads() ? "compiler threads' CPU" : "compilation time");
    processCpuNanos();
    long[] sample = {3, 1, 2};
    Arrays.sort(Arrays.copyOf(sample, sample.length));
    String.format(Locale.ROOT, "%.1f", percentile(sample, 0.5) / 1e3);
  }

  /** A warmup, then the measured requests; the latencies are garbage once it returns (the heap is measured). */
  private static void phase(Sender sender, int warmup, int requests, int threads, Limits limits, String prefix,
      AppReport report) throws InterruptedException {
    load(sender, 0, warmup, threads, System.nanoTime() + limits.warmupNanos(), UNMEASURED, report);
    long[] latencies = new long[requests];
    long cpuBefore = processCpuNanos();
    long started = System.nanoTime();
    int sent = load(sender, warmup, requests, threads, started + limits.measureNanos(), latencies, report);
    long elapsed = System.nanoTime() - started;
    long cpu = processCpuNanos() - cpuBefore;
    long[] measured = Arrays.copyOf(latencies, sent);
    Arrays.sort(measured);
    AppReport.result(prefix + "requests", sent);
    AppReport.result(prefix + "rps", String.format(Locale.ROOT, "%.1f", sent * 1e9 / elapsed));
    AppReport.result(prefix + "p50Micros", percentile(measured, 0.50) / 1000);
    AppReport.result(prefix + "p99Micros", percentile(measured, 0.99) / 1000);
    if (cpuBefore >= 0 && sent > 0) {
      AppReport.result(prefix + "cpuMicrosPerRequest", String.format(Locale.ROOT, "%.2f", cpu / 1e3 / sent));
    }
  }

  /**
   * The CPU time of the whole JVM (every thread: the app's, the client's, the agent's, GC and JIT), or -1 where
   * the platform does not tell it.
   */
  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean hotspot ? hotspot.getProcessCpuTime() : -1;
  }

  /** How long a warmup and a measured phase may last; a phase ends at its request count or its time. */
  record Limits(long warmupNanos, long measureNanos) {
    static Limits from(AppArgs args) {
      return new Limits((long) (Double.parseDouble(args.get("warmupSeconds", "3600")) * 1e9),
          (long) (Double.parseDouble(args.get("measureSeconds", "3600")) * 1e9));
    }
  }

  /** Tells the runner where the app is and waits for its answer (it counts the server's connections). */
  private static void awaitRunner(BufferedReader runner, String phase) throws IOException {
    System.out.println(phase);
    System.out.flush();
    if (runner.readLine() == null) {
      throw new IOException("the benchmark runner went away");
    }
  }

  /** Sends {@code count} requests numbered from {@code first} on {@code threads} threads and waits for them. */
  /**
   * Sends up to {@code count} requests numbered from {@code first} on {@code threads} threads, stopping early at
   * {@code deadline} (System.nanoTime), and returns how many were sent: indices are handed out in order and each
   * one handed out is sent, so the requests sent are 0 .. returned-1.
   */
  private static int load(Sender sender, int first, int count, int threads, long deadline, long[] latencies,
      AppReport report) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        try {
          while (System.nanoTime() < deadline) {
            int i = next.getAndIncrement();
            if (i >= count) {
              break;
            }
            int index = first + i;
            long start = System.nanoTime();
            try {
              int status = sender.send(index, Workload.body(index % 4096));
              if (status != 200) {
                report.failed(new IOException("status " + status));
              }
            } catch (Exception e) {
              report.failed(e);
            }
            // the unmeasured loads record too, in a scratch array they outgrow: were the measured phase the first
            // to take this branch, C2's code for the loop, compiled during the settle, would meet it as an
            // uncommon trap at the first measured request and go back to the interpreter
            if (i < latencies.length) {
              latencies[i] = System.nanoTime() - start;
            }
          }
        } finally {
          done.countDown();
        }
      }, "bench-" + t);
      worker.start();
    }
    done.await();
    return Math.min(next.get(), count);
  }

  private static long percentile(long[] sorted, double fraction) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(fraction * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** Heap used after full GCs, and the live bytes of the agent's own classes from a class histogram. */
  private static void reportHeap() throws Exception {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    AppReport.result("heapUsedBytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    String jcmd = System.getProperty("java.home") + "/bin/jcmd";
    Process process = new ProcessBuilder(jcmd, Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
        .redirectErrorStream(true).start();
    String histogram = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    long agentBytes = 0;
    long agentInstances = 0;
    for (String line : histogram.split("\n")) {
      // "  num:  #instances  #bytes  class name (module)"
      String[] columns = line.trim().split("\\s+");
      if (columns.length >= 4 && columns[0].endsWith(":") && columns[3].startsWith("io.httppool.")
          && !columns[3].startsWith("io.httppool.testapps.")) {
        agentInstances += Long.parseLong(columns[1]);
        agentBytes += Long.parseLong(columns[2]);
      }
    }
    AppReport.result("agentHistogramBytes", agentBytes);
    AppReport.result("agentHistogramInstances", agentInstances);
  }

  static byte[] readAll(java.io.InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }
}
