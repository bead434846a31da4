package io.httppool.agent.instrumentation.apache;

/**
 * A key equal only to a key holding the very same object: for what has no value equality (TLS contexts, socket
 * factories, verifiers, resolvers in a shared pool's key) or must be told apart by identity (leased connections).
 */
public final class IdentityKey {
  private final Object value;
  /** Taken once: a connection's identity hash is slow to take again while a thread holds its monitor. */
  private final int hash;

  public IdentityKey(Object value) {
    this.value = value;
    this.hash = System.identityHashCode(value);
  }

  public Object value() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IdentityKey && ((IdentityKey) other).value == value;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return value == null ? "null" : value.getClass().getName() + "@" + Integer.toHexString(hashCode());
  }
}
