package io.httppool.testapps.jdkhttp;

import io.httppool.testapps.support.AppArgs;
import io.httppool.testapps.support.AppReport;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Two client identities (two client certificates, each in its own SSLContext made once), a new
 * {@code java.net.http.HttpClient} per request built with that identity's context, requests interleaved from many
 * threads: the server names the certificate it saw, which must be the one the request was sent with.
 */
public final class JdkHttpMutualTlsApp {
  private JdkHttpMutualTlsApp() {}

  public static void main(String[] arguments) throws Exception {
    AppArgs args = new AppArgs(arguments);
    char[] password = args.require("password").toCharArray();
    Path truststore = Path.of(args.require("truststore"));
    String[] subjects = {args.require("subjectA"), args.require("subjectB")};
    SSLContext[] contexts = {context(Path.of(args.require("keystoreA")), truststore, password),
        context(Path.of(args.require("keystoreB")), truststore, password)};
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
          if (!response.body().trim().equals(subjects[identity])) {
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

  private static SSLContext context(Path keystore, Path truststore, char[] password) throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(load(keystore, password), password);
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(load(truststore, password));
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }

  private static KeyStore load(Path file, char[] password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password);
    }
    return store;
  }
}
