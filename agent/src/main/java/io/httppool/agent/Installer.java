package io.httppool.agent;

import io.httppool.agent.config.AgentConfig;
import io.httppool.agent.instrumentation.InstrumentationModule;
import io.httppool.agent.instrumentation.apache4.Apache4Instrumentation;
import io.httppool.agent.instrumentation.apache5.Apache5Instrumentation;
import io.httppool.agent.instrumentation.jdkhttp.JdkHttpInstrumentation;
import io.httppool.agent.instrumentation.okhttp.OkHttpInstrumentation;
import io.httppool.agent.instrumentation.urlconnection.UrlConnectionInstrumentation;
import io.httppool.bootstrap.AgentLog;
import java.io.File;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the configuration and registers the enabled client families, each installed when the application first
 * loads one of its classes (see {@link FamilyActivation}).
 */
public final class Installer {
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
    List<InstrumentationModule> enabled = new ArrayList<>();
    StringBuilder installed = new StringBuilder();
    for (InstrumentationModule module : modules()) {
      if (config.clientEnabled(module.client().id())) {
        enabled.add(module);
        installed.append(installed.length() == 0 ? "" : ", ").append(module.client().id());
      }
    }
    final AgentCore core = new AgentCore(config, version);
    new FamilyActivation(instrumentation, core, enabled).install();
    Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
      @Override
      public void run() {
        core.shutdown();
      }
    }, "httppool-shutdown"));
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
}
