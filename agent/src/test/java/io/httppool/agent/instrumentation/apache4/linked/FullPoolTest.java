package io.httppool.agent.instrumentation.apache4.linked;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.agent.instrumentation.apache.FullPool;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpClientConnection;
import org.apache.http.HttpHost;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** On the real HttpClient 4.5 pool: a lease waits only without an idle connection and without a free slot. */
@Timeout(10)
class FullPoolTest {
  private final PoolingHttpClientConnectionManager manager = new PoolingHttpClientConnectionManager();
  private final HttpRoute a = route("a.example");
  private final HttpRoute b = route("b.example");
  private final HttpRoute c = route("c.example");

  FullPoolTest() {
    manager.setMaxTotal(2);
    manager.setDefaultMaxPerRoute(1);
  }

  @AfterEach
  void shutdown() {
    manager.shutdown();
  }

  @Test
  void aRouteAtItsLimitMakesTheNextLeaseWait() throws Exception {
    assertFalse(FullPool.leaseWouldWait(ManagerRegistry.STATISTICS, manager, a));
    HttpClientConnection leased = lease(a);
    assertTrue(FullPool.leaseWouldWait(ManagerRegistry.STATISTICS, manager, a));
    assertFalse(FullPool.leaseWouldWait(ManagerRegistry.STATISTICS, manager, b), "another route has a free slot");

    // released unopened, the connection leaves the pool
    manager.releaseConnection(leased, null, 0, TimeUnit.MILLISECONDS);
    assertFalse(FullPool.leaseWouldWait(ManagerRegistry.STATISTICS, manager, a));
  }

  @Test
  void aFullPoolMakesALeaseOnAnyRouteWait() throws Exception {
    lease(a);
    lease(b);
    assertTrue(FullPool.leaseWouldWait(ManagerRegistry.STATISTICS, manager, c), "no free slot in the whole pool");
  }

  @Test
  void anIdleConnectionOnTheRouteIsNoWait() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      HttpRoute local = new HttpRoute(new HttpHost("127.0.0.1", server.getLocalPort()));
      HttpClientConnection connection = lease(local);
      HttpClientContext context = HttpClientContext.create();
      manager.connect(connection, local, 1000, context);
      manager.routeComplete(connection, local, context);
      manager.releaseConnection(connection, null, 1, TimeUnit.MINUTES);

      assertFalse(FullPool.leaseWouldWait(ManagerRegistry.STATISTICS, manager, local),
          "the route is at its limit with an idle connection");
      lease(local);
      assertTrue(FullPool.leaseWouldWait(ManagerRegistry.STATISTICS, manager, local));
    }
  }

  private HttpClientConnection lease(HttpRoute route) throws Exception {
    return manager.requestConnection(route, null).get(1, TimeUnit.SECONDS);
  }

  private static HttpRoute route(String host) {
    return new HttpRoute(new HttpHost(host, 80));
  }
}
