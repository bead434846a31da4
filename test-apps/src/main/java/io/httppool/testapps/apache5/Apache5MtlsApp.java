package io.httppool.testapps.apache5;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import io.httppool.testapps.tls.IdentityChecks;
import io.httppool.testapps.tls.TestCertificates;
import io.httppool.testapps.tls.TestCertificates.Authority;
import io.httppool.testapps.tls.TestCertificates.ClientIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.SSLConnectionSocketFactory;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Two client identities against a server that requires a client certificate and answers {@code /whoami}:
 * CLIENT_A from the JVM's key store ({@code createSystem()}, the shared manager under the agent), CLIENT_B
 * through a manager built once with its own SSL context. A client per request, requests interleaved; every
 * answer must name the identity that asked. With {@code managers=per-request} each client of either identity gets a
 * new manager of its own, on a TLS socket factory of its identity's context.
 */
public final class Apache5MtlsApp {
  private Apache5MtlsApp() {}

  @SuppressWarnings("deprecation")
  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String url = args.require("url");
    int requests = args.getInt("requests", 2000);
    int threads = args.getInt("threads", 8);
    TestCertificates certificates = TestCertificates.in(Path.of(args.require("certificates")));
    PoolingHttpClientConnectionManager managerB = PoolingHttpClientConnectionManagerBuilder.create()
        .setSSLSocketFactory(new SSLConnectionSocketFactory(
            certificates.clientContext(Authority.MAIN, ClientIdentity.CLIENT_B)))
        .build();
    boolean ownManagers = "per-request".equals(args.get("managers", "shared"));
    SSLContext contextA = certificates.clientContext(Authority.MAIN, ClientIdentity.CLIENT_A);
    SSLContext contextB = certificates.clientContext(Authority.MAIN, ClientIdentity.CLIENT_B);
    AppReport report = new AppReport();
    IdentityChecks.run(requests, threads,
        index -> (index % 2 == 1 ? ClientIdentity.CLIENT_B : ClientIdentity.CLIENT_A).subjectDn(), index -> {
          boolean asB = index % 2 == 1;
          try (CloseableHttpClient client = ownManagers ? clientWithItsOwnManager(asB ? contextB : contextA)
              : asB ? HttpClients.custom().setConnectionManager(managerB).setConnectionManagerShared(true).build()
              : HttpClients.createSystem()) {
            return client.execute(new HttpGet(url),
                response -> new String(EntityUtils.toByteArray(response.getEntity()), StandardCharsets.UTF_8));
          }
        }, report);
    report.finish();
    managerB.close();
    System.exit(0);
  }

  /** A new manager of the client's own, on a new TLS socket factory of its identity's context. */
  @SuppressWarnings("deprecation")
  private static CloseableHttpClient clientWithItsOwnManager(SSLContext identity) {
    PoolingHttpClientConnectionManager manager = PoolingHttpClientConnectionManagerBuilder.create()
        .setSSLSocketFactory(new SSLConnectionSocketFactory(identity)).build();
    return HttpClients.custom().setConnectionManager(manager).build();
  }
}
