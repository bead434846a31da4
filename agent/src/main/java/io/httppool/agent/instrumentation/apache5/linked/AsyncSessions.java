package io.httppool.agent.instrumentation.apache5.linked;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.core5.reactor.IOSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the I/O reactor last read from an async connection's session. The manager's connection
 * ({@code DefaultManagedAsyncClientConnection}, package-private and final in 5.0.4, 5.2.x and 5.5) keeps its
 * {@link IOSession} in the private field {@code ioSession}; {@link IOSession#getLastReadTime()} (every httpcore
 * 5.x) is stamped by the reactor before it handles each read event, the end of stream and a reset included. So
 * for a connection the server closed while it sat idle in the pool, the last read is the server's close as the
 * reactor saw it. Any other connection class, or a version without the field, gives -1: the guard then does not
 * learn from async connections closed while idle, as before (logged once).
 */
final class AsyncSessions {
  private static final Logger log = LoggerFactory.getLogger(AsyncSessions.class);
  private static final AtomicBoolean missingLogged = new AtomicBoolean();
  private static final ClassValue<Field> SESSION_FIELDS = new ClassValue<Field>() {
    @Override
    protected Field computeValue(Class<?> type) {
      try {
        Field field = type.getDeclaredField("ioSession");
        if (!IOSession.class.isAssignableFrom(field.getType())) {
          return missing(type, "its ioSession field is a " + field.getType().getName());
        }
        field.setAccessible(true);
        return field;
      } catch (ReflectiveOperationException | RuntimeException e) {
        return missing(type, e.toString());
      }
    }
  };

  private AsyncSessions() {}

  private static Field missing(Class<?> type, String why) {
    if (missingLogged.compareAndSet(false, true)) {
      log.debug("{}: cannot tell when the server closed an idle async connection ({}); the stale-connection guard"
          + " does not learn from async connections found closed at lease", type.getName(), why);
    }
    return null;
  }

  /** The wall-clock time (ms) of the last read event on {@code connection}'s session, or -1 when unknown. */
  static long lastReadMillis(Object connection) {
    Field field = SESSION_FIELDS.get(connection.getClass());
    if (field == null) {
      return -1;
    }
    try {
      Object session = field.get(connection);
      return session instanceof IOSession ? ((IOSession) session).getLastReadTime() : -1;
    } catch (IllegalAccessException | RuntimeException e) {
      return -1;
    }
  }
}
