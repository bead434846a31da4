package io.httppool.agent.instrumentation.apache4.linked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.httppool.agent.instrumentation.apache.LibraryTlsFactories;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.http.HttpHost;
import org.apache.http.config.Registry;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.config.SocketConfig;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.junit.jupiter.api.Test;

/** Which application-made HttpClient 4.5 managers may share a pool, read from real managers. */
class InterchangeableTest {
  private final LibraryTlsFactories tls = new LibraryTlsFactories();
  private final Interchangeable interchangeable = interchangeable();

  private Interchangeable interchangeable() {
    try {
      return new Interchangeable(tls);
    } catch (NoSuchFieldException e) {
      throw new AssertionError(e);
    }
  }

  /** As the agent sees it: the library's getSocketFactory() noted by the advice. */
  private SSLConnectionSocketFactory libraryDefaultTls() {
    SSLConnectionSocketFactory factory = SSLConnectionSocketFactory.getSocketFactory();
    tls.made(factory, "getSocketFactory");
    return factory;
  }

  private PoolingHttpClientConnectionManager manager(ConnectionSocketFactory https) {
    return manager(https, -1);
  }

  private PoolingHttpClientConnectionManager manager(ConnectionSocketFactory https, long ttlMillis) {
    Registry<ConnectionSocketFactory> schemes = RegistryBuilder.<ConnectionSocketFactory>create()
        .register("http", PlainConnectionSocketFactory.getSocketFactory()).register("https", https).build();
    return new PoolingHttpClientConnectionManager(schemes, null, null, null, ttlMillis, TimeUnit.MILLISECONDS);
  }

  @Test
  void twoManagersWithTheLibrarysDefaultsShareEvenWithTwoTlsFactories() throws Exception {
    Interchangeable.Verdict one = interchangeable.of(manager(libraryDefaultTls()));
    Interchangeable.Verdict two = interchangeable.of(manager(libraryDefaultTls()));
    assertNotNull(one.key);
    assertNull(one.reason);
    assertEquals(one.key, two.key);
  }

  @Test
  void aTlsFactoryTheApplicationBuiltKeepsHttpsApartButSharesHttp() throws Exception {
    SSLConnectionSocketFactory own = new SSLConnectionSocketFactory(SSLContext.getDefault());
    Interchangeable.Verdict verdict = interchangeable.of(manager(own));
    assertNotNull(verdict.key);
    assertEquals("custom TLS socket factory " + SSLConnectionSocketFactory.class.getName(), verdict.reason);
    assertNull(verdict.sharedSchemes.lookup("https"));
    assertNotNull(verdict.sharedSchemes.lookup("http"));
    assertNotEquals(interchangeable.of(manager(libraryDefaultTls())).key, verdict.key);
  }

  @Test
  void onlyAnHttpsFactoryTheApplicationBuiltSharesNothing() throws Exception {
    Registry<ConnectionSocketFactory> httpsOnly = RegistryBuilder.<ConnectionSocketFactory>create()
        .register("https", new SSLConnectionSocketFactory(SSLContext.getDefault())).build();
    Interchangeable.Verdict verdict = interchangeable.of(new PoolingHttpClientConnectionManager(httpsOnly));
    assertNull(verdict.key);
    assertEquals("custom TLS socket factory " + SSLConnectionSocketFactory.class.getName(), verdict.reason);
  }

  @Test
  void aSubclassOrPerHostConfigIsNotShared() throws Exception {
    PoolingHttpClientConnectionManager subclass = new PoolingHttpClientConnectionManager() {};
    assertEquals("manager subclass " + subclass.getClass().getName(), interchangeable.of(subclass).reason);
    PoolingHttpClientConnectionManager perHost = manager(libraryDefaultTls());
    perHost.setSocketConfig(new HttpHost("a.example"), SocketConfig.custom().setSoTimeout(5).build());
    assertEquals("per-host socket or connection config", interchangeable.of(perHost).reason);
  }

  @Test
  void socketConfigAndTimeToLiveArePartOfTheKey() throws Exception {
    PoolingHttpClientConnectionManager plain = manager(libraryDefaultTls());
    PoolingHttpClientConnectionManager timeout = manager(libraryDefaultTls());
    timeout.setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(5_000).build());
    PoolingHttpClientConnectionManager expiring = manager(libraryDefaultTls(), 100);
    assertEquals(interchangeable.of(plain).key, interchangeable.of(manager(libraryDefaultTls())).key);
    assertNotEquals(interchangeable.of(plain).key, interchangeable.of(timeout).key);
    assertNotEquals(interchangeable.of(plain).key, interchangeable.of(expiring).key);
  }
}
