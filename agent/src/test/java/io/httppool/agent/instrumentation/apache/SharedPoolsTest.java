package io.httppool.agent.instrumentation.apache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.httppool.agent.core.Maintenance;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedPoolsTest {
  private final Maintenance maintenance = new Maintenance();
  private final AtomicInteger created = new AtomicInteger();

  private static final class Pool implements SharedPools.Pool {
    final String key;

    Pool(String key) {
      this.key = key;
    }

    @Override
    public void evict() {}
  }

  @AfterEach
  void stop() {
    maintenance.shutdown();
  }

  private Pool create(String key) {
    created.incrementAndGet();
    return key.startsWith("none") ? null : new Pool(key);
  }

  @Test
  void equalKeysShareOnePoolMadeOnce() throws ReflectiveOperationException {
    SharedPools<String, Pool> pools = new SharedPools<>("HttpClient", "test", 4, maintenance);
    Pool first = pools.get("a", this::create);
    assertSame(first, pools.get("a", this::create));
    assertEquals("a", first.key);
    assertEquals(1, created.get());
  }

  @Test
  void aKeyWithoutPoolIsAskedAgainAndBeyondTheCapThereIsNone() throws ReflectiveOperationException {
    SharedPools<String, Pool> pools = new SharedPools<>("HttpClient", "test", 2, maintenance);
    assertNull(pools.get("none", this::create));
    assertNull(pools.get("none", this::create));
    pools.get("a", this::create);
    pools.get("b", this::create);
    assertNull(pools.get("c", this::create));
    assertEquals(4, created.get(), "two without pool, a and b; c is over the cap");
    assertEquals(2, pools.size());
  }
}
