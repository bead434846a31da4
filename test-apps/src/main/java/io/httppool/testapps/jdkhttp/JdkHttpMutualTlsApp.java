package io.httppool.testapps.jdkhttp;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import io.httppool.testapps.tls.IdentityChecks;
import io.httppool.testapps.tls.TestCertificates;
import io.httppool.testapps.tls.TestCertificates.Authority;
import io.httppool.testapps.tls.TestCertificates.ClientIdentity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * Two client identities (the test certificates' two client certificates, each in its own SSLContext made once), a
 * new {@code java.net.http.HttpClient} per request built with that identity's context, requests interleaved from
 * many threads: the server names the certificate it saw, which must be the one the request was sent with.
 */
public final class JdkHttpMutualTlsApp {
  private JdkHttpMutualTlsApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    TestCertificates certificates = TestCertificates.in(Path.of(args.require("certificates")));
    ClientIdentity[] identities = {ClientIdentity.CLIENT_A, ClientIdentity.CLIENT_B};
    SSLContext[] contexts = {certificates.clientContext(Authority.MAIN, identities[0]),
        certificates.clientContext(Authority.MAIN, identities[1])};
    URI url = URI.create(args.require("url"));
    int requests = args.getInt("requests", 2000);
    AppReport report = new AppReport();
    IdentityChecks.run(requests, args.getInt("threads", 8), index -> identities[index % 2].subjectDn(),
        index -> HttpClient.newBuilder().sslContext(contexts[index % 2]).build()
            .send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()).body(), report);
    AppReport.result("selector-threads", JdkHttpApp.selectorThreads());
    report.finish();
    System.exit(0);
  }
}
