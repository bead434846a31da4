package io.httppool.agent.instrumentation.apache;

/**
 * Keys for the leased connections the agent tells apart by identity, made once per lease. The thread that leases a
 * connection is nearly always the one that gives it back, and HttpClient 4 gives it back while holding the
 * connection's monitor, where HotSpot (with stack locking, JDK 8 to 22) answers an identity hash only through a
 * call into the VM: so the key made at the lease, hash taken then, stays with the thread and serves its release.
 * Any other thread, or a second connection leased meanwhile, gets a fresh key, equal to the first.
 */
public final class LeaseKeys {
  private static final ThreadLocal<IdentityKey> LAST_LEASED = new ThreadLocal<>();

  private LeaseKeys() {}

  /** The key of a connection the calling thread is leasing. */
  public static IdentityKey leased(Object connection) {
    IdentityKey last = LAST_LEASED.get();
    if (last != null && last.value() == connection) {
      return last;
    }
    IdentityKey key = new IdentityKey(connection);
    LAST_LEASED.set(key);
    return key;
  }

  /** The key of a leased connection: the one its lease made if this thread made it last, else a new one. */
  public static IdentityKey of(Object connection) {
    IdentityKey last = LAST_LEASED.get();
    return last != null && last.value() == connection ? last : new IdentityKey(connection);
  }
}
