package io.httppool.agent.metrics;

import io.httppool.agent.logging.JulBridge;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.resources.Resource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's private OpenTelemetry SDK, configured by the SDK's own autoconfigure from the standard
 * {@code otel.*} settings, over which the agent's own {@code httppool.otel.*} settings win (so that it can be
 * configured apart from another OpenTelemetry agent in the same JVM, which reads {@code otel.*} too). It is never
 * registered as the global instance, exports metrics only, and logs through the agent log.
 */
public final class Telemetry {
  private static final Logger log = LoggerFactory.getLogger(Telemetry.class);
  private static final String INSTRUMENTATION_SCOPE = "io.httppool.agent";
  private static final String EXEMPLAR_FILTER = "otel.metrics.exemplar.filter";
  /** Past the exit budget, the flush is still computing while the JVM uses this much of a core. */
  private static final int EXIT_BUSY_PERCENT = 3;

  private final OpenTelemetrySdk sdk;
  private final Meter meter;

  private Telemetry(OpenTelemetrySdk sdk, Meter meter) {
    this.sdk = sdk;
    this.meter = meter;
  }

  /**
   * Starts the SDK; when it cannot start, metrics are dropped and the agent goes on pooling.
   *
   * @param ownSettings {@code otel.*} settings for this SDK alone, winning over the system's
   */
  public static Telemetry start(final String agentVersion, final Map<String, String> ownSettings) {
    JulBridge.install();
    try {
      OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
          .setServiceClassLoader(Telemetry.class.getClassLoader())
          .disableShutdownHook()
          .addPropertiesCustomizer(new Function<ConfigProperties, Map<String, String>>() {
            @Override
            public Map<String, String> apply(ConfigProperties config) {
              // the agent exports its own metrics and nothing else, whatever the application configures
              Map<String, String> forced = new HashMap<>(ownSettings);
              forced.put("otel.traces.exporter", "none");
              forced.put("otel.logs.exporter", "none");
              // this private SDK never sees a span, so no exemplar could carry a trace: skip the per-recording
              // sampling (and the classes it loads on the first request) unless the agent's own setting asks
              if (!ownSettings.containsKey(EXEMPLAR_FILTER)) {
                forced.put(EXEMPLAR_FILTER, "always_off");
              }
              return forced;
            }
          })
          .addResourceCustomizer(new BiFunction<Resource, ConfigProperties, Resource>() {
            @Override
            public Resource apply(Resource resource, ConfigProperties config) {
              return resource.merge(Resource.create(Attributes.of(
                  AttributeKey.stringKey("telemetry.distro.name"), "httppool-agent",
                  AttributeKey.stringKey("telemetry.distro.version"), agentVersion)));
            }
          })
          .build()
          .getOpenTelemetrySdk();
      Meter meter = sdk.getMeterProvider().meterBuilder(INSTRUMENTATION_SCOPE)
          .setInstrumentationVersion(agentVersion).build();
      return new Telemetry(sdk, meter);
    } catch (Throwable t) {
      log.warn("metrics are off: the OpenTelemetry SDK did not start ({})", describe(t));
      return new Telemetry(null, OpenTelemetry.noop().getMeter(INSTRUMENTATION_SCOPE));
    }
  }

  // autoconfigure wraps the reason (say, the Prometheus port is taken) in a generic ConfigurationException
  private static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder(failure.toString());
    Throwable cause = failure.getCause();
    for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
      text.append("; caused by ").append(cause);
    }
    return text.toString();
  }

  public Meter meter() {
    return meter;
  }

  /**
   * Flushes pending metrics and stops the exporters, waiting at most {@code budgetMillis} for a collector that does
   * not answer, and up to {@code limitMillis} while the JVM is still computing the flush (see {@link ExitWait}): an
   * exporter stuck on an unresponsive collector must not hold up the application's exit. The work runs on a daemon
   * thread that is abandoned when the time is up.
   */
  public void shutdown(long budgetMillis, final long limitMillis) {
    if (sdk == null) {
      return;
    }
    final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMillis);
    final Thread stopper = new Thread(new Runnable() {
      @Override
      public void run() {
        try {
          // shutting the periodic reader down exports what was collected since the last export, once
          sdk.shutdown().join(millisUntil(deadline), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
          log.debug("metrics shutdown failed: {}", e.toString());
        }
      }
    }, "httppool-telemetry-shutdown");
    stopper.setDaemon(true);
    stopper.start();
    try {
      boolean flushed = new ExitWait(budgetMillis, limitMillis, EXIT_BUSY_PERCENT, ExitWait.jvmCpu())
          .await(new ExitWait.Flush() {
            @Override
            public boolean await(long millis) throws InterruptedException {
              stopper.join(millis);
              return !stopper.isAlive();
            }
          });
      if (!flushed) {
        log.debug("metrics not flushed at exit in time; exiting without them");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long millisUntil(long deadlineNanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
  }
}
