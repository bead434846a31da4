package io.httppool.testapps.frameworks;

import io.httppool.testapps.Workload;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real framework used per request: {@code framework=<name>} (see {@link #FRAMEWORKS}) sends {@code requests}
 * GETs to {@code base}/fw/{index} from {@code threads} threads, each through a client built for that request.
 * Prints {@code digest} over every request's outcome (status and body, or the exception type and the status and
 * body it carries), the failures by exception type, {@code mismatches} (outcomes whose status or body is not what
 * the server sent; the first one as {@code firstMismatch}) and {@code unexpectedFailures} (exceptions on requests
 * the server answered 200).
 */
public final class FrameworksApp {

  /** Framework name to the class that calls it. */
  public static final Map<String, String> FRAMEWORKS = Map.of(
      "spring-resttemplate", "SpringRestTemplateCall",
      "spring-resttemplate-hc5", "SpringRestTemplateHc5Call",
      "feign", "FeignCall",
      "retrofit", "RetrofitCall",
      "jersey", "JerseyCall",
      "google-http-nethttp", "GoogleNetHttpCall",
      "google-http-apache", "GoogleApacheCall",
      "jackson", "JacksonCall",
      "commons-io", "CommonsIoCall");

  private FrameworksApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String base = args.require("base");
    String name = args.require("framework");
    int requests = args.getInt("requests", 400);
    int threads = args.getInt("threads", 8);
    String simpleName = FRAMEWORKS.get(name);
    if (simpleName == null) {
      throw new IllegalArgumentException("unknown framework " + name + "; known: " + FRAMEWORKS.keySet());
    }
    FrameworkCall framework = (FrameworkCall) Class.forName(FrameworksApp.class.getPackageName() + "." + simpleName)
        .getDeclaredConstructor().newInstance();

    Workload.Digest digest = new Workload.Digest(requests);
    AppReport report = new AppReport();
    AtomicInteger mismatches = new AtomicInteger();
    AtomicInteger unexpectedFailures = new AtomicInteger();
    StringBuffer firstMismatch = new StringBuffer();
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < requests; i++) {
      int index = i;
      workers.execute(() -> {
        FrameworkCall.Outcome outcome;
        String failureType = "";
        try {
          outcome = framework.fetch(base, index);
        } catch (Exception e) {
          report.failed(e);
          if (FrameworkRoutes.status(index) == 200) {
            unexpectedFailures.incrementAndGet();
          }
          failureType = e.getClass().getName();
          outcome = framework.fromFailure(e);
        }
        if (outcome != null && !matches(framework, index, outcome, failureType.isEmpty())) {
          if (mismatches.getAndIncrement() == 0) {
            firstMismatch.append("request ").append(index).append(": status ").append(outcome.status())
                .append(" (sent ").append(FrameworkRoutes.status(index)).append("), body of ")
                .append(outcome.body() == null ? "null" : outcome.body().length() + " chars").append(" (sent ")
                .append(FrameworkRoutes.body(index).length()).append(')');
          }
        }
        int status = outcome == null ? -1 : outcome.status();
        String body = outcome == null || outcome.body() == null ? "<none>" : outcome.body();
        digest.record(index, status, (failureType + "\n" + body).getBytes(StandardCharsets.UTF_8));
      });
    }
    workers.shutdown();
    if (!workers.awaitTermination(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("requests did not finish");
    }
    AppReport.result("digest", digest.hex());
    AppReport.result("mismatches", mismatches.get());
    if (firstMismatch.length() > 0) {
      AppReport.result("firstMismatch", firstMismatch);
    }
    AppReport.result("unexpectedFailures", unexpectedFailures.get());
    report.finish();
    System.exit(0);
  }

  /** Whether the status and body are what the server sent; an exception's missing body is not checked. */
  private static boolean matches(FrameworkCall framework, int index, FrameworkCall.Outcome outcome,
      boolean returned) {
    if (outcome.status() != FrameworkRoutes.status(index)) {
      return false;
    }
    if (outcome.body() == null) {
      return !returned;
    }
    return framework.expectedBody(FrameworkRoutes.body(index)).equals(outcome.body());
  }

  /** {@code base/fw/index}. */
  static String url(String base, int index) {
    return base + FrameworkRoutes.PATH_PREFIX + index;
  }
}
