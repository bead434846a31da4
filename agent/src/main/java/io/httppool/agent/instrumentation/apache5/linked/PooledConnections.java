package io.httppool.agent.instrumentation.apache5.linked;

import io.httppool.agent.core.Destination;
import io.httppool.agent.core.StaleConnectionGuard;
import java.lang.reflect.Field;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.pool.PoolEntry;
import org.apache.hc.core5.util.Deadline;

/**
 * What the pool entry behind a leased endpoint tells about its connection, for the stale-connection guard. The
 * pooling managers (classic and async) hand out an {@code InternalConnectionEndpoint} that keeps its entry in the
 * private field {@code poolEntryRef} in every 5.x version; any other endpoint has no entry here. The entry's
 * {@code updated} time is set when the connection was last released, so it gives the idle time; its expiry
 * deadline less that time is the keep-alive the library granted at release (the keep-alive strategy's reading
 * of the server's {@code Keep-Alive} header, 3 minutes without one), unless the connection's TTL cut it short.
 * {@code getCreated()} exists only from httpcore 5.2: before, the connection's age is unknown (0).
 */
final class PooledConnections {
  private static final ClassValue<Field> ENTRY_FIELDS = new ClassValue<Field>() {
    @Override
    protected Field computeValue(Class<?> type) {
      try {
        Field field = type.getDeclaredField("poolEntryRef");
        if (field.getType() != AtomicReference.class) {
          return null;
        }
        field.setAccessible(true);
        return field;
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
  };

  private final StaleConnectionGuard guard;
  private final boolean entriesKnowTheirAge;

  PooledConnections(StaleConnectionGuard guard) {
    this.guard = guard;
    this.entriesKnowTheirAge = hasMethod(PoolEntry.class, "getCreated");
  }

  private static boolean hasMethod(Class<?> type, String name) {
    try {
      type.getMethod(name);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** The pool entry of an endpoint a pooling manager handed out, or null. */
  static PoolEntry<?, ?> entryOf(Object endpoint) throws IllegalAccessException {
    Field field = ENTRY_FIELDS.get(endpoint.getClass());
    if (field == null) {
      return null;
    }
    Object entry = ((AtomicReference<?>) field.get(endpoint)).get();
    return entry instanceof PoolEntry ? (PoolEntry<?, ?>) entry : null;
  }

  static long idleNanos(PoolEntry<?, ?> entry, long nowMillis) {
    return TimeUnit.MILLISECONDS.toNanos(Math.max(0, nowMillis - entry.getUpdated()));
  }

  /**
   * Asks the guard whether the idle connection of {@code entry} may be reused; {@code probe} lets the guard read
   * from its socket (never for an async connection, whose socket belongs to the I/O reactor).
   */
  boolean mayReuse(Destination destination, PoolEntry<?, ?> entry, long idleNanos, long nowMillis,
      boolean probe) {
    long ageNanos = entriesKnowTheirAge ? TimeUnit.MILLISECONDS.toNanos(Math.max(0, nowMillis - entry.getCreated()))
        : 0;
    return guard.mayReuse(destination, probe ? socketOf(entry) : null, idleNanos, ageNanos,
        keepAliveMillis(entry));
  }

  static long keepAliveMillis(PoolEntry<?, ?> entry) {
    Deadline expiry = entry.getExpiryDeadline();
    Deadline validity = entry.getValidityDeadline();
    if (expiry == null || expiry.isMax() || (validity != null && expiry.getValue() >= validity.getValue())) {
      return 0;
    }
    return Math.max(0, expiry.getValue() - entry.getUpdated());
  }

  private static Socket socketOf(PoolEntry<?, ?> entry) {
    Object connection = entry.getConnection();
    return connection instanceof ManagedHttpClientConnection
        ? ((ManagedHttpClientConnection) connection).getSocket() : null;
  }
}
