package io.httppool.agent.logging;

import io.httppool.bootstrap.AgentLog;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The OpenTelemetry SDK logs through java.util.logging under its (relocated) package names. This sends those
 * records to the agent log instead of the application's handlers, so the agent stays invisible.
 */
public final class JulBridge {
  private static final String SHADED_ROOT = "io.httppool.shaded";
  // java.util.logging keeps loggers weakly; this keeps the configured one alive
  private static Logger shadedRoot;

  private JulBridge() {}

  public static synchronized void install() {
    if (shadedRoot != null) {
      return;
    }
    Logger logger = new AgentRootLogger();
    if (!LogManager.getLogManager().addLogger(logger)) {
      // someone asked for this name first; its handlers are then removed at JVM exit like any other
      logger = Logger.getLogger(SHADED_ROOT);
    }
    logger.setUseParentHandlers(false);
    logger.setLevel(julLevel());
    logger.addHandler(new AgentLogHandler());
    shadedRoot = logger;
  }

  /**
   * The logger above the agent's relocated loggers. At JVM exit java.util.logging removes every handler, which
   * would silence the last metrics flush of the logging exporter; this logger keeps the agent's handler.
   */
  private static final class AgentRootLogger extends Logger {
    AgentRootLogger() {
      super(SHADED_ROOT, null);
    }

    @Override
    public void removeHandler(Handler handler) {
      if (!(handler instanceof AgentLogHandler)) {
        super.removeHandler(handler);
      }
    }
  }

  private static final class AgentLogHandler extends Handler {
    @Override
    public void publish(LogRecord record) {
      int level = agentLevel(record.getLevel());
      if (AgentLog.isEnabled(level)) {
        String message = record.getMessage();
        if (record.getParameters() != null && message != null && message.contains("{0")) {
          message = java.text.MessageFormat.format(message, record.getParameters());
        }
        AgentLog.log(level, "telemetry: " + message, record.getThrown());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  private static Level julLevel() {
    if (AgentLog.isEnabled(AgentLog.DEBUG)) {
      return Level.FINE;
    }
    return AgentLog.isEnabled(AgentLog.INFO) ? Level.INFO : Level.WARNING;
  }

  private static int agentLevel(Level level) {
    int value = level.intValue();
    if (value >= Level.SEVERE.intValue()) {
      return AgentLog.ERROR;
    }
    if (value >= Level.WARNING.intValue()) {
      return AgentLog.WARN;
    }
    if (value >= Level.INFO.intValue()) {
      return AgentLog.INFO;
    }
    return value >= Level.FINE.intValue() ? AgentLog.DEBUG : AgentLog.TRACE;
  }
}
