package io.httppool.agent.config;

/**
 * The limits and timeouts of the pool for one destination: the global values with that destination's per-host
 * overrides applied.
 */
public final class PoolSettings {
  private final int maxConnectionsPerHost;
  private final int maxIdlePerHost;
  private final long idleTimeoutMillis;
  private final long connectionTtlMillis;
  private final long acquireTimeoutMillis;
  private final long validateAfterInactivityMillis;

  public PoolSettings(
      int maxConnectionsPerHost,
      int maxIdlePerHost,
      long idleTimeoutMillis,
      long connectionTtlMillis,
      long acquireTimeoutMillis,
      long validateAfterInactivityMillis) {
    this.maxConnectionsPerHost = maxConnectionsPerHost;
    this.maxIdlePerHost = maxIdlePerHost;
    this.idleTimeoutMillis = idleTimeoutMillis;
    this.connectionTtlMillis = connectionTtlMillis;
    this.acquireTimeoutMillis = acquireTimeoutMillis;
    this.validateAfterInactivityMillis = validateAfterInactivityMillis;
  }

  static PoolSettings from(SettingValues values) {
    return new PoolSettings(
        values.get(Settings.MAX_CONNECTIONS_PER_HOST),
        values.get(Settings.MAX_IDLE_PER_HOST),
        values.get(Settings.IDLE_TIMEOUT),
        values.get(Settings.CONNECTION_TTL),
        values.get(Settings.ACQUIRE_TIMEOUT),
        values.get(Settings.VALIDATE_AFTER_INACTIVITY));
  }

  /** At least 1. */
  public int maxConnectionsPerHost() {
    return maxConnectionsPerHost;
  }

  /** 0 means a released connection is closed instead of kept idle. */
  public int maxIdlePerHost() {
    return maxIdlePerHost;
  }

  /** 0 means a released connection is closed instead of kept idle. */
  public long idleTimeoutMillis() {
    return idleTimeoutMillis;
  }

  /** The longest life of a connection, idle or not; 0 means unlimited. */
  public long connectionTtlMillis() {
    return connectionTtlMillis;
  }

  /** How long a request waits for a connection when the pool is full; at least 1. */
  public long acquireTimeoutMillis() {
    return acquireTimeoutMillis;
  }

  /** A connection idle this long is checked before reuse; 0 means checked before every reuse. */
  public long validateAfterInactivityMillis() {
    return validateAfterInactivityMillis;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof PoolSettings)) {
      return false;
    }
    PoolSettings that = (PoolSettings) other;
    return maxConnectionsPerHost == that.maxConnectionsPerHost
        && maxIdlePerHost == that.maxIdlePerHost
        && idleTimeoutMillis == that.idleTimeoutMillis
        && connectionTtlMillis == that.connectionTtlMillis
        && acquireTimeoutMillis == that.acquireTimeoutMillis
        && validateAfterInactivityMillis == that.validateAfterInactivityMillis;
  }

  @Override
  public int hashCode() {
    int hash = maxConnectionsPerHost;
    hash = 31 * hash + maxIdlePerHost;
    hash = 31 * hash + Long.hashCode(idleTimeoutMillis);
    hash = 31 * hash + Long.hashCode(connectionTtlMillis);
    hash = 31 * hash + Long.hashCode(acquireTimeoutMillis);
    return 31 * hash + Long.hashCode(validateAfterInactivityMillis);
  }

  @Override
  public String toString() {
    return "PoolSettings{maxConnectionsPerHost=" + maxConnectionsPerHost
        + ", maxIdlePerHost=" + maxIdlePerHost
        + ", idleTimeout=" + Durations.format(idleTimeoutMillis)
        + ", connectionTtl=" + Durations.format(connectionTtlMillis)
        + ", acquireTimeout=" + Durations.format(acquireTimeoutMillis)
        + ", validateAfterInactivity=" + Durations.format(validateAfterInactivityMillis)
        + "}";
  }
}
