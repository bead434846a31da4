package io.httppool.agent.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The binding of the agent's own (relocated) SLF4J: every agent logger writes through {@link
 * io.httppool.bootstrap.AgentLog}. The application's SLF4J and its binding never see these classes.
 */
public final class AgentLoggerProvider implements SLF4JServiceProvider {
  private final ConcurrentHashMap<String, Logger> loggers = new ConcurrentHashMap<>();
  private final ILoggerFactory loggerFactory = new ILoggerFactory() {
    @Override
    public Logger getLogger(String name) {
      Logger logger = loggers.get(name);
      if (logger == null) {
        Logger created = new AgentLogger(name);
        logger = loggers.putIfAbsent(name, created);
        return logger == null ? created : logger;
      }
      return logger;
    }
  };
  private final IMarkerFactory markerFactory = new BasicMarkerFactory();
  private final MDCAdapter mdcAdapter = new NOPMDCAdapter();

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggerFactory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markerFactory;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdcAdapter;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}
}
