package io.httppool.agent.instrumentation.apache5.linked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;
import org.apache.hc.core5.pool.PoolEntry;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.Test;

/** Reading a pool entry for the stale-connection guard, on the real HttpClient 5.5 classes. */
class PooledConnectionsTest {
  private static final HttpRoute ROUTE = new HttpRoute(new HttpHost("http", "127.0.0.1", 8080));

  @Test
  void theKeepAliveIsWhatTheLibraryGrantedAtRelease() {
    PoolEntry<HttpRoute, ModalCloseable> entry = connected(TimeValue.NEG_ONE_MILLISECOND);
    entry.updateExpiry(TimeValue.ofSeconds(5));
    assertEquals(5000, PooledConnections.keepAliveMillis(entry));
  }

  @Test
  void noKeepAliveIsKnownWhenNoneWasGrantedOrTheTtlCutItShort() {
    PoolEntry<HttpRoute, ModalCloseable> indefinitely = connected(TimeValue.NEG_ONE_MILLISECOND);
    indefinitely.updateExpiry(TimeValue.ZERO_MILLISECONDS);
    assertEquals(0, PooledConnections.keepAliveMillis(indefinitely));

    PoolEntry<HttpRoute, ModalCloseable> ttlFirst = connected(TimeValue.ofSeconds(2));
    ttlFirst.updateExpiry(TimeValue.ofSeconds(5));
    assertEquals(0, PooledConnections.keepAliveMillis(ttlFirst));
  }

  @Test
  void theIdleTimeCountsFromTheLastRelease() {
    PoolEntry<HttpRoute, ModalCloseable> entry = connected(TimeValue.NEG_ONE_MILLISECOND);
    entry.updateExpiry(TimeValue.ofSeconds(5));
    assertEquals(TimeUnit.MILLISECONDS.toNanos(1500),
        PooledConnections.idleNanos(entry, entry.getUpdated() + 1500));
  }

  @Test
  void theEntryOfAPoolingManagersEndpointIsFound() throws Exception {
    try (PoolingHttpClientConnectionManager manager = new PoolingHttpClientConnectionManager()) {
      ConnectionEndpoint endpoint = manager.lease("test", ROUTE, Timeout.ofSeconds(1), null)
          .get(Timeout.ofSeconds(1));
      assertNotNull(PooledConnections.entryOf(endpoint));
      assertNull(PooledConnections.entryOf(new Object()));
      manager.release(endpoint, null, TimeValue.ZERO_MILLISECONDS);
    }
  }

  private static PoolEntry<HttpRoute, ModalCloseable> connected(TimeValue timeToLive) {
    PoolEntry<HttpRoute, ModalCloseable> entry = new PoolEntry<>(ROUTE, timeToLive);
    entry.assignConnection(new ModalCloseable() {
      @Override
      public void close(CloseMode closeMode) {}

      @Override
      public void close() {}
    });
    return entry;
  }
}
