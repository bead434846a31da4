package io.httppool.agent.core;

/**
 * One open connection as the agent follows it, whatever the library: where it goes, when it opened, since when it
 * has been idle, and the keep-alive the server granted on its last response. What the stale-connection guard asks
 * about before the connection is reused, and what its lifetime is measured from when it closes. A family extends it
 * with what only its library needs.
 */
public class ConnectionRecord {
  private final Destination destination;
  private final long openedNanos;
  private volatile long idleSinceNanos;
  private volatile long keepAliveHintMillis;

  public ConnectionRecord(Destination destination, long openedNanos) {
    this.destination = destination;
    this.openedNanos = openedNanos;
    this.idleSinceNanos = openedNanos;
  }

  public final Destination destination() {
    return destination;
  }

  public final long openedNanos() {
    return openedNanos;
  }

  public final long ageNanos(long nowNanos) {
    return nowNanos - openedNanos;
  }

  /** When it last went back to its pool; when it opened, until then. */
  public final long idleSinceNanos() {
    return idleSinceNanos;
  }

  public final void idleSince(long nanos) {
    idleSinceNanos = nanos;
  }

  /** The server's {@code Keep-Alive: timeout} in milliseconds (or the library's reading of it), 0 when none. */
  public final long keepAliveHintMillis() {
    return keepAliveHintMillis;
  }

  public final void keepAliveHintMillis(long millis) {
    keepAliveHintMillis = millis;
  }
}
