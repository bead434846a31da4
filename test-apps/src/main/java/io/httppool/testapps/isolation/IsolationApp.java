package io.httppool.testapps.isolation;

import static net.bytebuddy.matcher.ElementMatchers.named;

import io.httppool.testapps.Workload;
import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.util.Collection;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application that ships its own Byte Buddy, OpenTelemetry API and SDK, SLF4J with a binding, and OkHttp, each
 * at a version other than the agent's, and uses all of them: with the agent attached it must run unchanged.
 */
public final class IsolationApp {
  private IsolationApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    AppReport report = new AppReport();

    Object generated = new ByteBuddy().subclass(Object.class).name("app.Generated")
        .method(named("toString")).intercept(FixedValue.value("made by the app's Byte Buddy"))
        .make().load(IsolationApp.class.getClassLoader()).getLoaded().getConstructor().newInstance();
    AppReport.result("bytebuddy", generated.toString().equals("made by the app's Byte Buddy"));
    AppReport.result("bytebuddy.jar", jarOf(ByteBuddy.class));

    CollectingReader reader = new CollectingReader();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
    // throws if anyone (an agent) set the global instance before the application
    GlobalOpenTelemetry.set(sdk);
    GlobalOpenTelemetry.getMeter("app").counterBuilder("app.requests").build().add(3);
    AppReport.result("otel.global.counter", reader.sum("app.requests"));
    AppReport.result("otel.jar", jarOf(OpenTelemetrySdk.class));

    Logger log = LoggerFactory.getLogger("app");
    log.info("hello from the application's own SLF4J binding");
    AppReport.result("slf4j.factory", LoggerFactory.getILoggerFactory().getClass().getName());

    int requests = args.getInt("requests", 200);
    Workload.Digest digest = new Workload.Digest(requests);
    for (int i = 0; i < requests; i++) {
      Request request = new Request.Builder().url(args.require("url"))
          .post(RequestBody.create(MediaType.parse("application/octet-stream"), Workload.body(i))).build();
      try (Response response = new OkHttpClient().newCall(request).execute()) {
        digest.record(i, response.code(), response.body().bytes());
      } catch (Exception e) {
        report.failed(e);
      }
    }
    AppReport.result("digest", digest.hex());
    report.finish();
    System.exit(0);
  }

  private static String jarOf(Class<?> type) {
    String location = type.getProtectionDomain().getCodeSource().getLocation().getPath();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  /** Reads the application's own metrics on demand. */
  private static final class CollectingReader implements MetricReader {
    private volatile CollectionRegistration registration = CollectionRegistration.noop();

    @Override
    public void register(CollectionRegistration registration) {
      this.registration = registration;
    }

    long sum(String name) {
      Collection<MetricData> metrics = registration.collectAllMetrics();
      return metrics.stream().filter(m -> m.getName().equals(name))
          .flatMap(m -> m.getLongSumData().getPoints().stream()).mapToLong(p -> p.getValue()).sum();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode forceFlush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
