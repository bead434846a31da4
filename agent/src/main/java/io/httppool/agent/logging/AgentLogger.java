package io.httppool.agent.logging;

import io.httppool.bootstrap.AgentLog;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An SLF4J logger of the agent; the level is the agent's {@code httppool.log.level}, not the logger name's. */
final class AgentLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  AgentLogger(String name) {
    this.name = name;
  }

  @Override
  public boolean isTraceEnabled() {
    return AgentLog.isEnabled(AgentLog.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return AgentLog.isEnabled(AgentLog.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return AgentLog.isEnabled(AgentLog.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return AgentLog.isEnabled(AgentLog.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return AgentLog.isEnabled(AgentLog.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] arguments, Throwable error) {
    String message = MessageFormatter.basicArrayFormat(pattern, arguments);
    AgentLog.log(agentLevel(level), message, error);
  }

  static int agentLevel(Level level) {
    switch (level) {
      case ERROR:
        return AgentLog.ERROR;
      case WARN:
        return AgentLog.WARN;
      case INFO:
        return AgentLog.INFO;
      case DEBUG:
        return AgentLog.DEBUG;
      default:
        return AgentLog.TRACE;
    }
  }
}
