package io.httppool.agent;

import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.core.Destinations;
import io.httppool.agent.core.Maintenance;
import io.httppool.agent.core.PoolEvents;
import io.httppool.agent.core.PoolState;
import io.httppool.agent.instrumentation.BytesFirstDescriptionStrategy;
import io.httppool.agent.instrumentation.InstrumentationModule;
import io.httppool.agent.instrumentation.LoadedFallbackPoolStrategy;
import io.httppool.agent.instrumentation.TransformationListener;
import io.httppool.agent.instrumentation.apache4.Apache4Instrumentation;
import io.httppool.agent.instrumentation.apache5.Apache5Instrumentation;
import io.httppool.agent.instrumentation.jdkhttp.JdkHttpInstrumentation;
import io.httppool.agent.instrumentation.okhttp.OkHttpInstrumentation;
import io.httppool.agent.instrumentation.urlconnection.UrlConnectionInstrumentation;
import io.httppool.agent.jmx.JmxPools;
import io.httppool.agent.metrics.PoolMetrics;
import io.httppool.agent.metrics.PoolReport;
import io.httppool.agent.metrics.Telemetry;
import io.httppool.bootstrap.AgentLog;
import java.io.File;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the configuration, starts telemetry, and installs every enabled client family. */
public final class Installer {
  private static final long SHUTDOWN_BUDGET_MILLIS = 900;

  private Installer() {}

  public static void install(Instrumentation instrumentation, File agentJar, String arguments) {
    AgentConfig config = AgentConfig.fromSystem(new Consumer<String>() {
      @Override
      public void accept(String problem) {
        AgentLog.warn(problem);
      }
    });
    Integer level = AgentLog.parseLevel(config.logLevel());
    if (level != null) {
      AgentLog.setThreshold(level);
    }
    Logger log = LoggerFactory.getLogger(Installer.class);
    if (!config.enabled()) {
      log.info("disabled by httppool.enabled=false; no class is transformed");
      return;
    }
    String version = version();
    Telemetry telemetry = Telemetry.start(version, config.telemetrySettings());
    Destinations destinations = new Destinations(config.metricsMaxHosts());
    PoolState poolState = new PoolState();
    Maintenance maintenance = new Maintenance();
    AgentContext context = new AgentContext(config, destinations, poolState,
        new PoolMetrics(telemetry.meter(), poolState), maintenance);
    PoolEvents events = PoolEvents.start(config, destinations, poolState, context.recorder(), maintenance);
    JmxPools.start(config, destinations, poolState, events, maintenance, version);

    AgentBuilder agentBuilder = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        // a class loaded before install that the JVM refuses to retransform stays untouched: count it
        .with(new TransformationListener.Retransformation())
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
        // describe a class from the bytes being transformed, not by reflection on the loaded class: another agent
        // (the OpenTelemetry agent) may have added interfaces at load and hide them from reflection, and a
        // retransformation written from the reflective view would drop them, which the JVM refuses; the types
        // such an agent injects have no class file to read, so a type found nowhere else is looked up loaded
        .with(new BytesFirstDescriptionStrategy())
        .with(new LoadedFallbackPoolStrategy())
        .with(new TransformationListener())
        .ignore(nameStartsWith("io.httppool.").or(nameStartsWith("net.bytebuddy.")).or(isSynthetic()),
            is(Installer.class.getClassLoader()));
    StringBuilder installed = new StringBuilder();
    for (InstrumentationModule module : modules()) {
      if (config.clientEnabled(module.client().id())) {
        agentBuilder = module.extend(agentBuilder, context);
        installed.append(installed.length() == 0 ? "" : ", ").append(module.client().id());
      }
    }
    agentBuilder.installOn(instrumentation);
    Runtime.getRuntime().addShutdownHook(new Thread(new ShutdownTask(
        config.reportOnExit(), destinations, poolState, events, telemetry, maintenance, version), "httppool-shutdown"));
    log.info("{} managing {}", "httppool-agent " + version, installed.length() == 0 ? "no client" : installed);
    log.debug("settings: {}", config.describe());
  }

  private static List<InstrumentationModule> modules() {
    return Arrays.<InstrumentationModule>asList(new OkHttpInstrumentation(), new Apache4Instrumentation(),
        new Apache5Instrumentation(), new UrlConnectionInstrumentation(), new JdkHttpInstrumentation());
  }

  static String version() {
    Properties properties = new Properties();
    try (InputStream in = Installer.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (Exception e) {
      // the version is only informative
    }
    return properties.getProperty("version", "unknown");
  }

  private static final class ShutdownTask implements Runnable {
    private final boolean report;
    private final Destinations destinations;
    private final PoolState poolState;
    private final PoolEvents events;
    private final Telemetry telemetry;
    private final Maintenance maintenance;
    private final String version;

    ShutdownTask(boolean report, Destinations destinations, PoolState poolState, PoolEvents events,
        Telemetry telemetry, Maintenance maintenance, String version) {
      this.report = report;
      this.destinations = destinations;
      this.poolState = poolState;
      this.events = events;
      this.telemetry = telemetry;
      this.maintenance = maintenance;
      this.version = version;
    }

    @Override
    public void run() {
      maintenance.shutdown();
      if (report) {
        for (String line : PoolReport.render(destinations, poolState, version, events)) {
          AgentLog.print(line);
        }
      }
      telemetry.shutdown(SHUTDOWN_BUDGET_MILLIS);
    }
  }
}
