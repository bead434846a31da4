package io.httppool.agent.instrumentation.apache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.hc.core5.pool.StrictConnPool;
import org.apache.http.HttpHost;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.pool.AbstractConnPool;
import org.junit.jupiter.api.Test;

/** The limits read from both versions' pools without their lock, as the getters answer them. */
class PoolLimitFieldsTest {
  @Test
  void readsWhatA4xManagerWasSetToUntilARouteHasALimitOfItsOwn() {
    PoolLimitFields fields = PoolLimitFields.of(
        org.apache.http.impl.conn.PoolingHttpClientConnectionManager.class, "pool", AbstractConnPool.class,
        "maxTotal", "defaultMaxPerRoute", "maxPerRoute");
    org.apache.http.impl.conn.PoolingHttpClientConnectionManager manager =
        new org.apache.http.impl.conn.PoolingHttpClientConnectionManager();
    manager.setMaxTotal(17);
    manager.setDefaultMaxPerRoute(5);

    assertEquals(17, fields.maxTotal(manager));
    assertEquals(5, fields.maxPerRoute(manager));
    manager.setMaxPerRoute(new HttpRoute(new HttpHost("localhost", 80)), 9);
    assertEquals(PoolLimitFields.UNKNOWN, fields.maxPerRoute(manager), "the getter knows a route's own limit");
    assertEquals(17, fields.maxTotal(manager));
    manager.close();
  }

  @Test
  void readsWhatA5xManagerWasSetToAndNothingOfALaxPool() {
    PoolLimitFields fields = PoolLimitFields.of(
        org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager.class, "pool", StrictConnPool.class,
        "maxTotal", "defaultMaxPerRoute", "maxPerRoute");
    org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager strict =
        new org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager();
    strict.setMaxTotal(23);
    strict.setDefaultMaxPerRoute(4);
    org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager lax =
        org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder.create()
            .setPoolConcurrencyPolicy(org.apache.hc.core5.pool.PoolConcurrencyPolicy.LAX).build();

    assertEquals(23, fields.maxTotal(strict));
    assertEquals(4, fields.maxPerRoute(strict));
    assertEquals(PoolLimitFields.UNKNOWN, fields.maxTotal(lax));
    assertEquals(PoolLimitFields.UNKNOWN, fields.maxPerRoute(lax));
    strict.close();
    lax.close();
  }
}
