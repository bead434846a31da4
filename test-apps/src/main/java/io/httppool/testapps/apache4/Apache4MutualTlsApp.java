package io.httppool.testapps.apache4;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import io.httppool.testapps.tls.IdentityChecks;
import io.httppool.testapps.tls.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.config.Registry;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.util.EntityUtils;

/**
 * Two identities against one server that requires client certificates: each has one SSLContext, built once, and
 * a new client per request. Requests alternate between them; every answer of /whoami must name the identity the
 * request was sent with. Prints {@code mismatches}. With {@code managers=per-request} each client gets a new
 * {@code PoolingHttpClientConnectionManager} of its own, on a TLS socket factory of its identity's SSLContext.
 */
public final class Apache4MutualTlsApp {
  private Apache4MutualTlsApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    String url = args.require("url");
    int requests = args.getInt("requests", 1000);
    int threads = args.getInt("threads", 8);
    boolean ownManagers = "per-request".equals(args.get("managers", "builder"));
    TestCertificates certificates = TestCertificates.in(Path.of(args.require("certificates")));
    TestCertificates.ClientIdentity[] identities = TestCertificates.ClientIdentity.values();
    SSLContext[] contexts = new SSLContext[identities.length];
    for (int i = 0; i < identities.length; i++) {
      contexts[i] = certificates.clientContext(TestCertificates.Authority.MAIN, identities[i]);
    }
    AppReport report = new AppReport();
    IdentityChecks.run(requests, threads, index -> identities[index % identities.length].subjectDn(), index -> {
      SSLContext context = contexts[index % identities.length];
      try (CloseableHttpClient client = ownManagers ? clientWithItsOwnManager(context)
              : HttpClients.custom().setSSLContext(context).build();
          CloseableHttpResponse response = client.execute(new HttpGet(url))) {
        return EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
      }
    }, report);
    report.finish();
    System.exit(0);
  }

  private static CloseableHttpClient clientWithItsOwnManager(SSLContext identity) {
    Registry<ConnectionSocketFactory> schemes = RegistryBuilder.<ConnectionSocketFactory>create()
        .register("https", new SSLConnectionSocketFactory(identity)).build();
    return HttpClients.custom().setConnectionManager(new PoolingHttpClientConnectionManager(schemes)).build();
  }
}
