package io.httppool.agent.instrumentation.apache5.linked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.httppool.agent.instrumentation.apache.LibraryTlsFactories;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.Test;

/** Which application-made HttpClient 5.5 classic managers may share a pool, and which pool, read from real ones. */
class InterchangeableTest {
  private static final HttpRoute ROUTE = new HttpRoute(new HttpHost("http", "127.0.0.1", 8080));

  private final Interchangeable interchangeable = interchangeable();

  private static Interchangeable interchangeable() {
    try {
      return new Interchangeable(new LibraryTlsFactories());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static PoolingHttpClientConnectionManager withSettings(int soTimeoutSeconds, long ttlSeconds) {
    PoolingHttpClientConnectionManager manager = new PoolingHttpClientConnectionManager();
    manager.setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.ofSeconds(soTimeoutSeconds)).build());
    manager.setDefaultConnectionConfig(ConnectionConfig.custom().setTimeToLive(TimeValue.ofSeconds(ttlSeconds))
        .build());
    return manager;
  }

  @Test
  void theLibraryDefaultsShareTheDefaultPool() throws ReflectiveOperationException {
    Interchangeable.Verdict verdict = interchangeable.of(new PoolingHttpClientConnectionManager(), ROUTE);

    assertTrue(verdict.http);
    assertNull(verdict.configs);
  }

  @Test
  void settingsOfItsOwnGoWithTheVerdictAndEqualOnesHaveEqualKeys() throws ReflectiveOperationException {
    Interchangeable.Verdict first = interchangeable.of(withSettings(7, 30), ROUTE);
    Interchangeable.Verdict same = interchangeable.of(withSettings(7, 30), ROUTE);
    Interchangeable.Verdict otherTimeout = interchangeable.of(withSettings(9, 30), ROUTE);
    Interchangeable.Verdict otherTtl = interchangeable.of(withSettings(7, 60), ROUTE);

    assertTrue(first.http);
    assertNotNull(first.configs);
    assertEquals(first.configs.key, same.configs.key);
    assertNotEquals(first.configs.key, otherTimeout.configs.key);
    assertNotEquals(first.configs.key, otherTtl.configs.key);
  }

  @Test
  void aResolverOfTheApplicationsOwnKeepsTheManagerApart() throws ReflectiveOperationException {
    PoolingHttpClientConnectionManager manager = new PoolingHttpClientConnectionManager();
    manager.setSocketConfigResolver(route -> SocketConfig.DEFAULT);

    Interchangeable.Verdict verdict = interchangeable.of(manager, ROUTE);

    assertFalse(verdict.sharesAny());
    assertEquals("per-route socket config", verdict.reason);
  }

  @Test
  void aSubclassOtherThanTheAwsSdksKeepsTheManagerApart() throws ReflectiveOperationException {
    PoolingHttpClientConnectionManager subclass = new PoolingHttpClientConnectionManager() { };

    Interchangeable.Verdict verdict = interchangeable.of(subclass, ROUTE);

    assertFalse(verdict.sharesAny());
    assertTrue(verdict.reason.startsWith("manager subclass "), verdict.reason);
  }
}
