package io.httppool.testapps.apppools;

import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.util.EntityUtils;

/**
 * {@link IdentityRequests} with Apache HttpClient 4: each identity's {@code PoolingHttpClientConnectionManager} is
 * built over a socket factory registry with its SSL context, a client per request on it.
 */
public final class Apache4IdentityManagersApp {
  private Apache4IdentityManagersApp() {}

  public static void main(String[] arguments) throws Exception {
    IdentityRequests.run(arguments, Apache4IdentityManagersApp::manager, (manager, shared, url, identity) -> {
      HttpGet get = new HttpGet(url);
      get.setHeader(IdentityRequests.HEADER, identity.subjectDn());
      try (CloseableHttpClient client =
              HttpClients.custom().setConnectionManager(manager).setConnectionManagerShared(shared).build();
          CloseableHttpResponse response = client.execute(get)) {
        return EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
      }
    });
  }

  private static PoolingHttpClientConnectionManager manager(SSLContext context) {
    return new PoolingHttpClientConnectionManager(RegistryBuilder.<ConnectionSocketFactory>create()
        .register("https", new SSLConnectionSocketFactory(context))
        .register("http", PlainConnectionSocketFactory.getSocketFactory())
        .build());
  }
}
