package io.httppool.testapps.apache5;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import io.httppool.testapps.tls.TestCertificates;
import io.httppool.testapps.tls.TestCertificates.Authority;
import io.httppool.testapps.tls.TestCertificates.ClientIdentity;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    AtomicInteger mismatches = new AtomicInteger();
    AppReport report = new AppReport();
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < requests; i++) {
      int kind = i % 3;
      workers.execute(() -> {
        try (CloseableHttpAsyncClient client = kind == 0 ? HttpAsyncClients.custom().useSystemProperties().build()
            : kind == 1 ? HttpAsyncClients.custom().setConnectionManager(PoolingAsyncClientConnectionManagerBuilder
                .create().setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(contextB).build()).build())
                .build()
            : HttpAsyncClients.createDefault()) {
          client.start();
          String subject = client.execute(new SimpleHttpRequest("GET", uri), null).get(30, TimeUnit.SECONDS)
              .getBodyText().trim();
          String expected = kind == 0 ? ClientIdentity.CLIENT_A.subjectDn()
              : kind == 1 ? ClientIdentity.CLIENT_B.subjectDn() : "anonymous";
          if (!expected.equals(subject)) {
            mismatches.incrementAndGet();
            System.out.println("expected " + expected + ", the server saw " + subject);
          }
        } catch (Exception e) {
          report.failed(e);
        }
      });
    }
    workers.shutdown();
    if (!workers.awaitTermination(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("requests did not finish");
    }
    AppReport.result("mismatches", mismatches.get());
    report.finish();
    System.exit(0);
  }
}
