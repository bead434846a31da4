package io.httppool.testapps.apppools;

import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.SSLConnectionSocketFactory;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * {@link IdentityRequests} with Apache HttpClient 5: each identity's {@code PoolingHttpClientConnectionManager} is
 * built with its SSL context, a client per request on it.
 */
public final class Apache5IdentityManagersApp {
  private Apache5IdentityManagersApp() {}

  public static void main(String[] arguments) throws Exception {
    IdentityRequests.run(arguments, Apache5IdentityManagersApp::manager, (manager, shared, url, identity) -> {
      HttpGet get = new HttpGet(url);
      get.setHeader(IdentityRequests.HEADER, identity.subjectDn());
      try (CloseableHttpClient client =
          HttpClients.custom().setConnectionManager(manager).setConnectionManagerShared(shared).build()) {
        return client.execute(get, response -> EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
      }
    });
  }

  /** The builder's socket factory setter, which every 5.x line has (5.4 adds a TLS strategy beside it). */
  @SuppressWarnings("deprecation")
  private static PoolingHttpClientConnectionManager manager(SSLContext context) {
    return PoolingHttpClientConnectionManagerBuilder.create()
        .setSSLSocketFactory(new SSLConnectionSocketFactory(context))
        .build();
  }
}
