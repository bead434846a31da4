package io.httppool.testapps.apache5;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import io.httppool.testapps.tls.IdentityChecks;
import io.httppool.testapps.tls.TestCertificates;
import io.httppool.testapps.tls.TestCertificates.Authority;
import io.httppool.testapps.tls.TestCertificates.ClientIdentity;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;

/**
 * Three TLS identities of HttpClient 5 async clients built per request against a server that asks for a client
 * certificate and answers {@code /whoami}, interleaved on {@code threads} threads: CLIENT_A from the JVM's key
 * store ({@code custom().useSystemProperties()}), CLIENT_B through a manager of the client's own with a TLS
 * strategy on its own SSL context, and no certificate ({@code createDefault()}). Every answer must name the
 * identity that asked.
 */
public final class Apache5AsyncMtlsApp {
  private Apache5AsyncMtlsApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    URI uri = URI.create(args.require("url"));
    int requests = args.getInt("requests", 600);
    int threads = args.getInt("threads", 8);
    TestCertificates certificates = TestCertificates.in(Path.of(args.require("certificates")));
    SSLContext contextB = certificates.clientContext(Authority.MAIN, ClientIdentity.CLIENT_B);
    AppReport report = new AppReport();
    IdentityChecks.run(requests, threads, index -> index % 3 == 0 ? ClientIdentity.CLIENT_A.subjectDn()
        : index % 3 == 1 ? ClientIdentity.CLIENT_B.subjectDn() : "anonymous", index -> {
          int kind = index % 3;
          try (CloseableHttpAsyncClient client = kind == 0 ? HttpAsyncClients.custom().useSystemProperties().build()
              : kind == 1 ? HttpAsyncClients.custom().setConnectionManager(PoolingAsyncClientConnectionManagerBuilder
                  .create().setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(contextB).build()).build())
                  .build()
              : HttpAsyncClients.createDefault()) {
            client.start();
            return client.execute(new SimpleHttpRequest("GET", uri), null).get(30, TimeUnit.SECONDS).getBodyText();
          }
        }, report);
    report.finish();
    System.exit(0);
  }
}
