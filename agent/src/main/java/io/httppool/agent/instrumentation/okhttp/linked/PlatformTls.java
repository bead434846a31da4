package io.httppool.agent.instrumentation.okhttp.linked;

import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS settings OkHttp uses when a client configures none: the platform's default trust, a new SSLContext
 * of the default provider. OkHttp builds a new socket factory for every such client, and since its pool keys
 * connections by socket factory, two default clients could never share a connection. This is built once, the
 * way OkHttp builds it, and given to every default client.
 */
final class PlatformTls {
  private static final Logger log = LoggerFactory.getLogger(PlatformTls.class);
  private static final PlatformTls INSTANCE = create();

  private final X509TrustManager trustManager;
  private final SSLSocketFactory socketFactory;

  private PlatformTls(X509TrustManager trustManager, SSLSocketFactory socketFactory) {
    this.trustManager = trustManager;
    this.socketFactory = socketFactory;
  }

  private static PlatformTls create() {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      TrustManager[] trustManagers = factory.getTrustManagers();
      if (trustManagers.length != 1 || !(trustManagers[0] instanceof X509TrustManager)) {
        log.debug("the platform trust is not one X509TrustManager; OkHttp clients keep their own TLS settings");
        return null;
      }
      X509TrustManager trustManager = (X509TrustManager) trustManagers[0];
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager}, null);
      return new PlatformTls(trustManager, context.getSocketFactory());
    } catch (Exception e) {
      log.debug("no shared default TLS settings for OkHttp: {}", e.toString());
      return null;
    }
  }

  static boolean isAvailable() {
    return INSTANCE != null;
  }

  static SSLSocketFactory socketFactory() {
    return INSTANCE.socketFactory;
  }

  static X509TrustManager trustManager() {
    return INSTANCE.trustManager;
  }
}
