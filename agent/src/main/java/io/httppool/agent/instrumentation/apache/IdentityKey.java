package io.httppool.agent.instrumentation.apache;

/**
 * A part of a shared pool's key equal only to a part holding the very same object: for what has no value equality
 * (TLS contexts, socket factories, verifiers, resolvers).
 */
public final class IdentityKey {
  private final Object value;

  public IdentityKey(Object value) {
    this.value = value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IdentityKey && ((IdentityKey) other).value == value;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(value);
  }

  @Override
  public String toString() {
    return value == null ? "null" : value.getClass().getName() + "@" + Integer.toHexString(hashCode());
  }
}
