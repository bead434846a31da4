package io.httppool.testapps.jdkhttp;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import io.httppool.testapps.tls.TestCertificates;
import io.httppool.testapps.tls.TestCertificates.Authority;
import io.httppool.testapps.tls.TestCertificates.ClientIdentity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    AtomicInteger mismatches = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(args.getInt("threads", 8));
    for (int i = 0; i < requests; i++) {
      int identity = i % 2;
      workers.execute(() -> {
        HttpClient client = HttpClient.newBuilder().sslContext(contexts[identity]).build();
        try {
          HttpResponse<String> response = client.send(HttpRequest.newBuilder(url).build(),
              HttpResponse.BodyHandlers.ofString());
          if (!response.body().trim().equals(identities[identity].subjectDn())) {
            mismatches.incrementAndGet();
          }
        } catch (Exception e) {
          report.failed(e);
        }
      });
    }
    workers.shutdown();
    workers.awaitTermination(5, TimeUnit.MINUTES);
    AppReport.result("mismatches", mismatches.get());
    AppReport.result("selector-threads", JdkHttpApp.selectorThreads());
    report.finish();
    System.exit(0);
  }
}
