package io.httppool.agent.instrumentation.apache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A connection's key is the same wherever it is made; the leasing thread's own key is made only once. */
class LeaseKeysTest {
  @Test
  void theLeasingThreadGetsItsOwnKeyBackAndAnyOtherKeyOfTheConnectionEqualsIt() throws Exception {
    Object connection = new Object();
    IdentityKey atLease = LeaseKeys.leased(connection);

    assertSame(atLease, LeaseKeys.of(connection));
    IdentityKey elsewhere = CompletableFuture.supplyAsync(() -> LeaseKeys.of(connection)).get(10, TimeUnit.SECONDS);
    assertNotSame(atLease, elsewhere);
    assertEquals(atLease, elsewhere);
    assertEquals(atLease.hashCode(), elsewhere.hashCode());
  }

  @Test
  void aSecondLeaseOnTheThreadLeavesTheFirstConnectionAnEqualKeyAndNeverAnotherConnectionsKey() {
    Object first = new Object();
    Object second = new Object();
    IdentityKey firstKey = LeaseKeys.leased(first);
    IdentityKey secondKey = LeaseKeys.leased(second);

    assertEquals(firstKey, LeaseKeys.of(first));
    assertNotEquals(secondKey, LeaseKeys.of(first));
    assertSame(secondKey, LeaseKeys.of(second));
    assertTrue(LeaseKeys.of(first).value() == first);
  }

  @Test
  void aConnectionReleasedByAnotherThreadIsStillFoundInTheHandlesLeases() throws Exception {
    HandleLeases<String, Object> leases = new HandleLeases<>();
    Object connection = new Object();
    assertEquals(HandleLeases.Admission.ADMITTED, leases.admit(new HandleLeases.Limits<String>() {
      @Override
      public int maxTotal() {
        return 1;
      }

      @Override
      public int maxPerRoute(String route) {
        return 1;
      }
    }, "route", 0, new HandleLeases.Lease() {
      @Override
      public boolean cancelled() {
        return false;
      }

      @Override
      public void waitedAtLimit() {}
    }));
    assertTrue(leases.leased("route", connection));

    boolean released = CompletableFuture.supplyAsync(() -> leases.holds(connection) && leases.released(connection))
        .get(10, TimeUnit.SECONDS);

    assertTrue(released);
    assertFalse(leases.holds(connection));
    assertEquals(0, leases.leased((String) null));
  }
}
