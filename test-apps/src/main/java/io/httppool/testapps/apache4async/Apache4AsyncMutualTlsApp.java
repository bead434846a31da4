package io.httppool.testapps.apache4async;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import io.httppool.testapps.tls.IdentityChecks;
import io.httppool.testapps.tls.TestCertificates;
import io.httppool.testapps.tls.TestCertificates.Authority;
import io.httppool.testapps.tls.TestCertificates.ClientIdentity;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.nio.client.CloseableHttpAsyncClient;
import org.apache.http.impl.nio.client.HttpAsyncClients;
import org.apache.http.util.EntityUtils;

/**
 * Two client identities (the test certificates' two client certificates, each in its own SSLContext made once), a
 * new HttpAsyncClient per request built with that identity's context, started and closed, requests interleaved
 * from many threads: the server names the certificate it saw, which must be the one the request was sent with.
 */
public final class Apache4AsyncMutualTlsApp {
  private Apache4AsyncMutualTlsApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    TestCertificates certificates = TestCertificates.in(Path.of(args.require("certificates")));
    ClientIdentity[] identities = {ClientIdentity.CLIENT_A, ClientIdentity.CLIENT_B};
    SSLContext[] contexts = {certificates.clientContext(Authority.MAIN, identities[0]),
        certificates.clientContext(Authority.MAIN, identities[1])};
    String url = args.require("url");
    int requests = args.getInt("requests", 400);
    AppReport report = new AppReport();
    IdentityChecks.run(requests, args.getInt("threads", 8), index -> identities[index % 2].subjectDn(), index -> {
      CloseableHttpAsyncClient client = HttpAsyncClients.custom().setSSLContext(contexts[index % 2]).build();
      client.start();
      try {
        return EntityUtils.toString(client.execute(new HttpGet(url), null).get(60, TimeUnit.SECONDS).getEntity());
      } finally {
        client.close();
      }
    }, report);
    report.finish();
    System.exit(0);
  }
}
