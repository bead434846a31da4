package io.httppool.bootstrap;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The one place where the agent writes its log lines: short, prefixed {@code [httppool]}, on stderr.
 * It lives on the bootstrap class path so that premain, the bridges and the isolated agent (through its
 * relocated SLF4J provider) share one level and one format, and never touch the application's logging.
 */
public final class AgentLog {
  public static final int ERROR = 40;
  public static final int WARN = 30;
  public static final int INFO = 20;
  public static final int DEBUG = 10;
  public static final int TRACE = 0;
  public static final int OFF = 100;

  private static volatile int threshold = initialThreshold();

  private AgentLog() {}

  private static int initialThreshold() {
    String value = System.getProperty("httppool.log.level");
    if (value == null) {
      value = System.getenv("HTTPPOOL_LOG_LEVEL");
    }
    Integer parsed = parseLevel(value);
    return parsed == null ? INFO : parsed;
  }

  /** Returns the level for a name such as {@code debug}, or null when the name is not a level. */
  public static Integer parseLevel(String name) {
    if (name == null) {
      return null;
    }
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "off":
        return OFF;
      case "error":
        return ERROR;
      case "warn":
      case "warning":
        return WARN;
      case "info":
        return INFO;
      case "debug":
        return DEBUG;
      case "trace":
        return TRACE;
      default:
        return null;
    }
  }

  public static void setThreshold(int level) {
    threshold = level;
  }

  public static boolean isEnabled(int level) {
    return level >= threshold && threshold != OFF;
  }

  public static void error(String message) {
    log(ERROR, message, null);
  }

  public static void warn(String message) {
    log(WARN, message, null);
  }

  public static void info(String message) {
    log(INFO, message, null);
  }

  public static void debug(String message) {
    log(DEBUG, message, null);
  }

  /** Prints a line whatever the level: output the user asked for, such as the pool report. */
  public static void print(String message) {
    write("[httppool] " + message, null);
  }

  public static void log(int level, String message, Throwable error) {
    if (!isEnabled(level)) {
      return;
    }
    StringBuilder line = new StringBuilder(message.length() + 32).append("[httppool] ");
    if (level != INFO) {
      line.append(name(level)).append(' ');
    }
    line.append(message);
    if (error != null && !isEnabled(DEBUG)) {
      line.append(": ").append(error);
    }
    write(line.toString(), error != null && isEnabled(DEBUG) ? error : null);
  }

  private static void write(String line, Throwable withStackTrace) {
    PrintStream err = System.err;
    synchronized (err) {
      err.println(line);
      if (withStackTrace != null) {
        withStackTrace.printStackTrace(err);
      }
    }
  }

  private static String name(int level) {
    if (level >= ERROR) {
      return "ERROR";
    }
    if (level >= WARN) {
      return "WARN";
    }
    if (level >= INFO) {
      return "INFO";
    }
    return level >= DEBUG ? "DEBUG" : "TRACE";
  }
}
